import { describe, expect, it } from "vitest";
import { issueRealtimeToken, REALTIME_TOKEN_TTL_MS, verifyRealtimeToken } from "./realtime-token.ts";

const secret = "s".repeat(43);

describe("realtime tokens", () => {
  it("carry the user and session version until they expire", () => {
    const token = issueRealtimeToken({ userId: "u1", sessionVersion: 2 }, secret, 1_000);
    expect(verifyRealtimeToken(token, secret, 1_000 + REALTIME_TOKEN_TTL_MS - 1)).toMatchObject({ uid: "u1", sv: 2 });
    expect(verifyRealtimeToken(token, secret, 1_000 + REALTIME_TOKEN_TTL_MS)).toBeNull();
  });

  it("are refused when forged, altered or signed with another secret", () => {
    const token = issueRealtimeToken({ userId: "u1", sessionVersion: 0 }, secret);
    const [payload, signature] = token.slice(3).split(".");
    const forged = Buffer.from(JSON.stringify({ uid: "admin", sv: 0, exp: Date.now() + 60_000 })).toString("base64url");
    expect(verifyRealtimeToken(`rt_${forged}.${signature}`, secret)).toBeNull();
    expect(verifyRealtimeToken(`rt_${payload}.${signature}x`, secret)).toBeNull();
    expect(verifyRealtimeToken(token, "another secret entirely, also long")).toBeNull();
    expect(verifyRealtimeToken("mgl_something", secret)).toBeNull();
  });
});
