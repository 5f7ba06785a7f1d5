import dgram from "node:dgram";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import dnsPacket from "dns-packet";

/** What the stub answers for one name: its A and AAAA records, possibly different on each query. */
export type Zone = Record<string, (query: number) => { A?: string[]; AAAA?: string[] }>;

export type DnsStub = {
  /** `127.0.0.1:<port>`, as IMPORT_DNS_SERVERS and node's Resolver#setServers take it. */
  server: string;
  /** How many queries of a type (A, AAAA) the stub received for a name (a resolver's retransmission of one query counts once). */
  queries(name: string, type: "A" | "AAAA"): number;
  close(): Promise<void>;
};

/**
 * A real DNS server on UDP 127.0.0.1, port 0, authoritative for the names in `zone`: every
 * answer has TTL 0 so no resolver may cache it, unknown names get NXDOMAIN, a known name without
 * records of the asked type gets an empty NOERROR answer (NODATA), as a real server does.
 * The n-th A (or AAAA) query for a name is `zone[name](n)`, starting at 0, which is how a
 * rebinding attacker's server changes its answer between two lookups. A resolver that resends a
 * query it got no answer to in time uses the same id: that gets the same answer, not the next.
 */
export async function startDnsStub(zone: Zone): Promise<DnsStub> {
  const seen = new Map<string, Map<number, number>>();
  const socket = dgram.createSocket("udp4");
  socket.on("message", (message, peer) => {
    let query: ReturnType<typeof dnsPacket.decode>;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // Not a DNS packet: a real server drops it too.
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    const records = zone[name];
    let answers: dnsPacket.Answer[] = [];
    if (records && (question.type === "A" || question.type === "AAAA")) {
      const key = `${name} ${question.type}`;
      const ids = seen.get(key) ?? new Map<number, number>();
      seen.set(key, ids);
      const id = query.id ?? 0;
      const index = ids.get(id) ?? ids.size;
      ids.set(id, index);
      const addresses = records(index)[question.type] ?? [];
      answers = addresses.map((data) => ({ type: question.type as "A", name: question.name, class: "IN" as const, ttl: 0, data }));
    }
    const nxdomain = records ? 0 : 3;
    const response = dnsPacket.encode({
      type: "response",
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | nxdomain,
      questions: [question],
      answers,
      authorities: [],
      additionals: [],
    });
    socket.send(response, peer.port, peer.address);
  });
  socket.bind(0, "127.0.0.1");
  await once(socket, "listening");
  const { port } = socket.address() as AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    queries: (name, type) => seen.get(`${name} ${type}`)?.size ?? 0,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
