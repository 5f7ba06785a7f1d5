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

/** Refuses a sign-in attempt while the account or the client address has too many recent failures (`slack` more counted in flight). */
async function assertWithin(prisma: PrismaClient, email: string, ip: string | null, now: Date, slack: number): Promise<void> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [account, address] = await Promise.all([
    prisma.signInFailure.findMany({ where: { key: `email:${email}`, createdAt: { gt: since } }, select: { createdAt: true }, orderBy: { createdAt: "asc" } }),
    ip ? prisma.signInFailure.count({ where: { key: `ip:${ip}`, createdAt: { gt: since } } }) : Promise.resolve(0),
  ]);
  if (account.length >= MAX_FAILURES_PER_ACCOUNT + slack || address >= MAX_FAILURES_PER_ADDRESS + slack) {
    const oldest = account[0]?.createdAt ?? since;
    const minutes = Math.max(1, Math.ceil((oldest.getTime() + SIGN_IN_WINDOW_MS - now.getTime()) / 60_000));
    throw new AppError("RATE_LIMITED", `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again, or reset your password.`);
  }
}

/**
 * Counts a sign-in attempt as a failure before its password is checked, then refuses it if it
 * is one too many; `succeeded` takes the count back. Counting first is what holds when attempts
 * arrive at once (a script firing in parallel, on one process or several sharing the database):
 * each one sees every attempt recorded before its own, so no more than the limit reach the
 * password check, where "check, then record the failure" let a whole parallel burst through.
 */
export async function beginSignInAttempt(prisma: PrismaClient, email: string, ip: string | null, now = new Date()): Promise<{ succeeded(): Promise<void> }> {
  const rows = await prisma.signInFailure.createManyAndReturn({ data: keys(email, ip).map((key) => ({ key, createdAt: now })), select: { id: true } });
  const ids = rows.map((row) => row.id);
  try {
    // This attempt's own rows are in the count: one more than the failures allowed before it.
    await assertWithin(prisma, email, ip, now, 1);
  } catch (error) {
    // A refused attempt checked no password: it does not lengthen the wait.
    await prisma.signInFailure.deleteMany({ where: { id: { in: ids } } });
    throw error;
  }
  // Old rows only matter for the window; drop them as we go so the table stays small.
  await prisma.signInFailure.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - SIGN_IN_WINDOW_MS) } } });
  return {
    async succeeded() {
      await prisma.signInFailure.deleteMany({ where: { OR: [{ id: { in: ids } }, { key: `email:${email}` }] } });
    },
  };
}

export async function recordSignInFailure(prisma: PrismaClient, email: string, ip: string | null, now = new Date()): Promise<void> {
  await prisma.signInFailure.createMany({ data: keys(email, ip).map((key) => ({ key, createdAt: now })) });
  // Old rows only matter for the window; drop them as we go so the table stays small.
  await prisma.signInFailure.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - SIGN_IN_WINDOW_MS) } } });
}
