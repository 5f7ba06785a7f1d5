import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError } from "@/lib/errors.ts";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Guessing one account's password: five tries, then a wait (or a reset). */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/**
 * Failures from one client address across accounts: a school signs in from one public
 * address, and a class of thirty that mistypes twice each is sixty failures in minutes; a
 * whole year group at once, well over a hundred. 200 lets them in, while one address spraying
 * a password over many accounts is still capped at 200 guesses per window (each account
 * keeps its own limit of five).
 */
export const MAX_FAILURES_PER_ADDRESS = 200;

function keys(email: string, ip: string | null): string[] {
  return ip ? [`email:${email}`, `ip:${ip}`] : [`email:${email}`];
}

/** Refuses a sign-in attempt while the account or the client address has too many recent failures. */
export async function assertSignInAllowed(prisma: PrismaClient, email: string, ip: string | null, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [account, address] = await Promise.all([
    prisma.signInFailure.findMany({ where: { key: `email:${email}`, createdAt: { gt: since } }, select: { createdAt: true }, orderBy: { createdAt: "asc" } }),
    ip ? prisma.signInFailure.count({ where: { key: `ip:${ip}`, createdAt: { gt: since } } }) : Promise.resolve(0),
  ]);
  if (account.length >= MAX_FAILURES_PER_ACCOUNT || address >= MAX_FAILURES_PER_ADDRESS) {
    const oldest = account[0]?.createdAt ?? since;
    const minutes = Math.max(1, Math.ceil((oldest.getTime() + SIGN_IN_WINDOW_MS - now.getTime()) / 60_000));
    throw new AppError("RATE_LIMITED", `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again, or reset your password.`);
  }
}

export async function recordSignInFailure(prisma: PrismaClient, email: string, ip: string | null, now = new Date()): Promise<void> {
  await prisma.signInFailure.createMany({ data: keys(email, ip).map((key) => ({ key, createdAt: now })) });
  // Old rows only matter for the window; drop them as we go so the table stays small.
  await prisma.signInFailure.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - SIGN_IN_WINDOW_MS) } } });
}

export async function clearAccountFailures(prisma: PrismaClient, email: string): Promise<void> {
  await prisma.signInFailure.deleteMany({ where: { key: `email:${email}` } });
}
