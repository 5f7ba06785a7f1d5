import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "./app-server.ts";
import { runCliInProcess } from "./cli-in-process.ts";
import { backends, type TestStorage } from "./databases.ts";

const run = promisify(execFile);

describe.each(backends)("operator CLI and the API from a fresh start on $name", (backend) => {
  let storage: TestStorage | undefined;
  let app: RunningApp | undefined;
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  const cli = (...args: string[]) => runCliInProcess(storage!, ...args);

  it("creates an account and a token, and the token drives the API", async () => {
    storage = await backend.create();
    const created = await cli("user:create", "--email", "Script@Example.org", "--password", "a long password", "--name", "Script Writer");
    expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/Created script@example\.org/) });
    const issued = await cli("token:create", "--email", "script@example.org");
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^mgl_[A-Za-z0-9_-]{43}$/);

    app = await startApp(storage);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const workspace = await fetch(`${app.url}/api/v1/workspaces`, { method: "POST", headers, body: JSON.stringify({ name: "Scripts" }) });
    expect(workspace.status).toBe(201);
    const { id: workspaceId } = (await workspace.json()) as { id: string };

    const document = await fetch(`${app.url}/api/v1/workspaces/${workspaceId}/documents`, {
      method: "POST",
      headers,
      body: JSON.stringify({ title: "From a script", text: "One.\n\nTwo." }),
    });
    expect(document.status).toBe(201);
    const { id } = (await document.json()) as { id: string };

    const readBack = await fetch(`${app.url}/api/v1/documents/${id}`, { headers });
    expect(await readBack.json()).toMatchObject({ id, title: "From a script", text: "One.\n\nTwo.", workspaceId });
  }, 90_000);

  it("explains bad CLI input instead of failing obscurely", async () => {
    // From a stopped server (the CLI also works beside a running one: operator-backup.test.ts).
    await app?.close();
    app = undefined;
    expect(await cli("token:create", "--email", "nobody@example.org")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("No account has the email nobody@example.org"),
    });
    expect(await cli("user:create", "--email", "script@example.org", "--password", "a long password", "--name", "Again")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("already exists"),
    });
    expect(await cli("user:create", "--emial", "x")).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--emial'") });
  });
});

/**
 * The cases above call the CLI in this process; this one runs server/cli.ts as an operator does,
 * to prove the process itself: arguments in, explanation on stderr, exit code out. (Commands
 * that open a database in a child process, beside a running server: operator-backup.test.ts.)
 */
describe("server/cli.ts as its own process", () => {
  it("explains a mistyped option on stderr and exits with code 2", async () => {
    await expect(run(process.execPath, ["--import", "tsx", "server/cli.ts", "user:create", "--emial", "x"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown option '--emial'"),
    });
  }, 60_000);
});
