import * as net from 'node:net';

/** Ports this process has handed out: the OS may offer a port again before its first taker listens. */
const handedOut = new Set<number>();

/**
 * A TCP port nothing listens on right now, for a process a test starts (the OS picks it), never
 * one this process handed out before: a test that spawns several services asks for their ports
 * before any of them listens, and the OS offered one port twice — the second service could not
 * listen, and its readiness check was answered by the first (a 404 from the wrong service).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await portTheOsOffers();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function portTheOsOffers(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
