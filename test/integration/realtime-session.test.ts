import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changePassword } from "@/lib/auth/change-password.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";
import { rawConnect } from "./realtime-harness.ts";
import { NO_REALTIME_SERVER } from "@/lib/realtime/access-event.ts";
import { signIn } from "./next-client.ts";

describe.each(backends)("realtime with a browser session on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage);
  });
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  it("accepts the session cookie from the site's own pages, and refuses it once the session ends", async () => {
    const prisma = app.server.database.prisma;
    const account = await signUp(prisma, { email: "browser@example.org", name: "Bea", password: "browser password" });
    const documentId = (await prisma.document.findFirstOrThrow({ where: { workspaceId: account.workspaceId } })).id;
    const cookie = await signIn(app.url, "browser@example.org", "browser password");
    const room = `${app.url.replace("http", "ws")}/realtime/${documentId}`;

    const opened = await rawConnect(room, { cookie, origin: app.url });
    expect("opened" in opened).toBe(true);
    if ("opened" in opened) opened.opened.close();

    const otherSite = await rawConnect(room, { cookie, origin: "https://elsewhere.example" });
    expect(otherSite).toMatchObject({ status: 403 });

    await changePassword(prisma, NO_REALTIME_SERVER, { userId: account.userId }, { currentPassword: "browser password", newPassword: "a new browser password" });
    const ended = await rawConnect(room, { cookie, origin: app.url });
    expect(ended).toMatchObject({ status: 401 });
  });
});
