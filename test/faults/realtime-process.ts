import { spawn, type ChildProcess } from "node:child_process";
import type { TestStorage } from "../integration/databases.ts";

export type RealtimeProcess = { child: ChildProcess; port: number; wsUrl: string };

/**
 * The realtime server in a process of its own (test/integration/processes/realtime-process.ts)
 * on `storage`, so the test can SIGKILL it. `port` 0 picks one; restarts pass the previous port,
 * so clients reconnect to the same address as they would after a crash.
 */
export function startRealtimeProcess(storage: TestStorage, port: number, batchMs: number): Promise<RealtimeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/integration/processes/realtime-process.ts"], {
    env: { ...process.env, DATABASE_URL: storage.databaseUrl ?? "", DATA_DIR: storage.dataDir, PORT: String(port), REALTIME_BATCH_MS: String(batchMs), REDIS_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code, signal) => reject(new Error(`the realtime process exited before it listened (${code ?? signal})`)));
    child.stdout!.once("data", (chunk: Buffer) => {
      const listening = (JSON.parse(chunk.toString()) as { port: number }).port;
      resolve({ child, port: listening, wsUrl: `ws://127.0.0.1:${listening}/realtime` });
    });
  });
}

/** Sends `signal` and resolves with how the process ended. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, how) => resolve({ code, signal: how })));
  child.kill(signal);
  return exited;
}
