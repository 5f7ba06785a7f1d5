import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";

const run = promisify(execFile);

describe.each(backends)("operator CLI and the API from a fresh start on $name", (backend) => {
  let storage: TestStorage | undefined;
  let app: RunningApp | undefined;
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  function cli(...args: string[]) {
    return run(process.execPath, ["--import", "tsx", "server/cli.ts", ...args], {
      env: { ...process.env, DATA_DIR: storage!.dataDir, DATABASE_URL: storage!.databaseUrl ?? "" },
    });
  }

  it("creates an account and a token, and the token drives the API", async () => {
    storage = await backend.create();
    const created = await cli("user:create", "--email", "Script@Example.org", "--password", "a long password", "--name", "Script Writer");
    expect(created.stdout).toMatch(/Created script@example\.org/);
    const issued = await cli("token:create", "--email", "script@example.org");
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
    // Two CLI processes (each starting tsx and opening the database) and a server start: more than
    // the default 30 s on a busy 2-core runner.
  }, 90_000);

  it("explains bad CLI input instead of failing obscurely", async () => {
    // From a stopped server (the CLI also works beside a running one: operator-backup.test.ts).
    await app?.close();
    app = undefined;
    await expect(cli("token:create", "--email", "nobody@example.org")).rejects.toMatchObject({
      stderr: expect.stringContaining("No account has the email nobody@example.org"),
    });
    await expect(cli("user:create", "--email", "script@example.org", "--password", "a long password", "--name", "Again")).rejects.toMatchObject({
      stderr: expect.stringContaining("already exists"),
    });
    await expect(cli("user:create", "--emial", "x")).rejects.toMatchObject({ stderr: expect.stringContaining("Unknown option '--emial'") });
    // Three CLI processes, each starting tsx: about 10 s apiece on a loaded 2-core machine.
  }, 90_000);
});
