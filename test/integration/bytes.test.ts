import { describe, expect, it } from "vitest";
import { backends, useMigratedDatabase } from "./databases.ts";

describe.each(backends)("binary columns on $name", (backend) => {
  const fixture = useMigratedDatabase(backend);

  it("stores and returns bytes exactly, in and out of transactions", async () => {
    const { database } = fixture;
    const bytes = new Uint8Array([0, 1, 2, 254, 255, 0]);
    await database.prisma.realtimeUpdate.createMany({ data: [{ room: "r", update: bytes }] });
    await database.prisma.$transaction(async (tx) => {
      await tx.realtimeSnapshot.create({ data: { room: "r", state: bytes, throughId: 1n } });
    });
    const [row] = await database.prisma.realtimeUpdate.findMany({ where: { room: "r" } });
    const snapshot = await database.prisma.realtimeSnapshot.findUniqueOrThrow({ where: { room: "r" } });
    expect([...new Uint8Array(row!.update)]).toEqual([...bytes]);
    expect([...new Uint8Array(snapshot.state)]).toEqual([...bytes]);
  });
});
