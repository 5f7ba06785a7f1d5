import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import net from "node:net";
import readline from "node:readline";

export type LogLine = { level: number; msg: string; [field: string]: unknown };

/** `npm start` in a process of its own: server/main.ts on the production build, with its JSON log lines collected. */
export type AppProcess = {
  child: ChildProcess;
  port: number;
  url: string;
  /** Every JSON line it logged so far (stdout). */
  logs: LogLine[];
  /** Resolves with the exit code (null when killed by a signal) once it has exited. */
  exited: Promise<number | null>;
};

/** A port no one listens on right now (the kernel's pick), for processes that cannot listen on 0. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Where the processes of this test file count their rate limits in Redis: shared by the file's
 * processes (one deployment), apart from every other file and run, which all send from 127.0.0.1.
 */
export const RATE_LIMIT_KEY_PREFIX = `test:limits:${randomUUID()}`;

export async function startAppProcess(env: Record<string, string>, { readyTimeoutMs = 60_000 } = {}): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", NEXT_TELEMETRY_DISABLED: "1", RATE_LIMIT_KEY_PREFIX, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const logs: LogLine[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<{ port: number; url: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not say it was ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it was ready (${code}): ${logs.map((line) => line.msg).join(" | ")}`));
    });
    readline.createInterface({ input: child.stdout! }).on("line", (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        return; // Not ours (a library printing to stdout): nothing to read.
      }
      logs.push(line);
      if (typeof line.url === "string" && line.msg.startsWith("Marginalia is ready")) {
        clearTimeout(timer);
        resolve({ url: line.url, port: Number(new URL(line.url).port) });
      }
    });
  });
  try {
    return { child, logs, exited, ...(await ready) };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

/** Polls until `check` holds, or fails with `what` past the deadline. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One Prometheus sample of a process's /metrics (loopback may read it without a token). */
export async function metricValue(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split("\n").find((entry) => entry.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}
