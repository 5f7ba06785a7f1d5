import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { upgradeCredential } from "./upgrade-credential.ts";

const request = (url: string, cookie?: string) => ({ url, headers: cookie ? { cookie } : {} }) as IncomingMessage;

describe("upgradeCredential", () => {
  it("is the token when one is given, else the session cookie, else none", () => {
    expect(upgradeCredential(request("/realtime/doc:1?token=mrg_abc", "next-auth.session-token=jwt"))).toBe("mrg_abc");
    expect(upgradeCredential(request("/realtime/doc:1", "theme=dark; __Secure-next-auth.session-token=a.b=c"))).toBe("a.b=c");
    expect(upgradeCredential(request("/realtime/demo", "theme=dark"))).toBeNull();
  });
});
