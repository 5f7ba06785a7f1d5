import { describe, expect, it } from "vitest";
import { issueParticipantToken, PARTICIPANT_TOKEN_TTL_MS, verifyParticipantToken } from "./participant-token.ts";

const secret = "s".repeat(32);
const who = { sessionId: "session-1", participantId: "participant-1" };

describe("participant tokens", () => {
  it("round-trips until they expire", () => {
    const token = issueParticipantToken(who, secret, 1_000);
    expect(verifyParticipantToken(token, secret, 2_000)).toEqual({ ...who, exp: 1_000 + PARTICIPANT_TOKEN_TTL_MS });
    expect(verifyParticipantToken(token, secret, 1_000 + PARTICIPANT_TOKEN_TTL_MS)).toBeNull();
  });

  it("refuses another secret, a changed payload and other token kinds", () => {
    const token = issueParticipantToken(who, secret);
    expect(verifyParticipantToken(token, "t".repeat(32))).toBeNull();
    const [payload, signature] = token.slice(4).split(".");
    const forged = Buffer.from(JSON.stringify({ sid: "session-1", pid: "participant-2", exp: Date.now() + 60_000 })).toString("base64url");
    expect(verifyParticipantToken(`mps_${forged}.${signature}`, secret)).toBeNull();
    expect(verifyParticipantToken(`rt_${payload}.${signature}`, secret)).toBeNull();
  });
});
