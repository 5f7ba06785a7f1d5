import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/auth-options.ts";
import { clientAddressOf } from "./client-address.ts";

describe("clientAddressOf", () => {
  it("reads the address the server stamped, not what the client forwarded", () => {
    expect(clientAddressOf(new Headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.7", "x-forwarded-for": "1.2.3.4" }))).toBe("198.51.100.7");
    expect(clientAddressOf(new Headers({ "x-forwarded-for": "1.2.3.4" }))).toBeNull();
  });
});
