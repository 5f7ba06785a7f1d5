import { randomBytes } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { Database } from "@/lib/db/database.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { startAppProcess, type AppProcess } from "./app-process.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";

const postgres = backends.find((backend) => backend.name === "postgres");
const redisUrl = process.env.REDIS_URL;
const API_PER_ADDRESS = 10;

/** GET from a chosen loopback address; the status is what the test reads. */
function statusOf(url: string, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { localAddress: from, agent: false }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      })
      .once("error", reject);
  });
}

/** A sign-in through next-auth's own endpoints, as the form sends it; resolves with the error it reports ("" when signed in). */
async function signInError(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((entry) => entry.split(";")[0]).join("; ");
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const target = response.headers.get("location") ?? ((await response.json()) as { url: string }).url;
  return new URL(target, url).searchParams.get("error") ?? "";
}

// Two processes of one deployment: the same PostgreSQL database and the same Redis.
describe.runIf(postgres && redisUrl)("rate limits shared by two processes (PostgreSQL and Redis)", () => {
  let storage: TestStorage;
  let database: Database;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(postgres!));
    const env = {
      DATABASE_URL: storage.databaseUrl!,
      DATA_DIR: storage.dataDir,
      REDIS_URL: redisUrl!,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      RATE_LIMIT_API_PER_ADDRESS: String(API_PER_ADDRESS),
    };
    // One after the other: each checks the schema and seeds the demo article at startup.
    for (let index = 0; index < 2; index++) processes.push(await startAppProcess(env));
  }, 180_000);

  afterAll(async () => {
    for (const { child } of processes) if (child.exitCode === null) child.kill("SIGKILL");
    await database?.close();
    await storage?.destroy();
  });

  it("refuses an address past its REST budget on both processes, though each saw half of its requests", async () => {
    const demoId = (await database.prisma.document.findUniqueOrThrow({ where: { slug: DEMO_SLUG } })).id;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < API_PER_ADDRESS + 2; attempt++) {
      const { url } = processes[attempt % 2]!;
      statuses.push(await statusOf(`${url}/api/v1/documents/${demoId}/annotation-state`, "127.0.8.1"));
    }
    expect(statuses).toEqual([...Array<number>(API_PER_ADDRESS).fill(200), 429, 429]);
    // Another address is not held back, on either process.
    expect(await statusOf(`${processes[0]!.url}/api/v1/documents/${demoId}/annotation-state`, "127.0.8.2")).toBe(200);
  });

  it("lets at most five password guesses through a parallel burst on both processes, then refuses even the right password", async () => {
    await signUp(database.prisma, { email: "target@example.org", name: "Target", password: "the right password" });
    const burst = await Promise.all(Array.from({ length: 12 }, (_, attempt) => signInError(processes[attempt % 2]!.url, "target@example.org", `guess ${attempt}`)));
    // How many are checked depends on how the burst interleaves (all twelve may count before any
    // is checked, and then none is); before attempts were counted up front, all twelve were.
    const checked = burst.filter((error) => /do not match/.test(error));
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(burst.filter((error) => /Too many failed sign-in attempts/.test(error))).toHaveLength(12 - checked.length);
    // Up to the five guesses, one process after the other; then neither lets the owner in.
    for (let attempt = checked.length; attempt < 5; attempt++) {
      expect(await signInError(processes[attempt % 2]!.url, "target@example.org", `guess ${attempt}`)).toMatch(/do not match/);
    }
    for (const { url } of processes) expect(await signInError(url, "target@example.org", "the right password")).toMatch(/Too many failed sign-in attempts/);
  });
});
