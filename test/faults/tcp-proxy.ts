import net from "node:net";

export type TcpProxy = {
  /** `target` with its host and port replaced by the proxy's. */
  url: string;
  /** The service goes away: open connections are dropped and new ones refused. */
  cut(): Promise<void>;
  /** The service is back, on the same address. */
  restore(): Promise<void>;
};

/**
 * A TCP proxy in front of a shared service (PostgreSQL, Redis) that a test can cut and restore:
 * the outage is this test's alone, and the machine's real service, which other work relies on,
 * never stops.
 */
export async function startTcpProxy(target: URL, defaultPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || defaultPort), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.once("close", () => {
        sockets.delete(socket);
        // One side gone ends the pair, as a broken link would.
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    async cut() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restore() {
      await listen(port);
    },
  };
}
