import { Prisma } from "@/lib/generated/prisma/client.ts";

/**
 * True for a unique-constraint violation however it surfaces: Prisma maps it to P2002, but
 * inside interactive transactions some driver adapters pass the raw DriverAdapterError on.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  if (!(error instanceof Error)) return false;
  const cause = (error as { cause?: { kind?: string; originalCode?: string } }).cause;
  return cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505" || /violates unique constraint/.test(error.message);
}
