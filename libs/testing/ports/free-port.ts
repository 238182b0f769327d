import * as fs from 'node:fs';
import * as net from 'node:net';

/** Ports this process has handed out: a port is handed out once, even after its taker stopped. */
const handedOut = new Set<number>();

/**
 * Where ports for test processes come from: below the kernel's ephemeral range, clear of the
 * stack's store (27017, 27417 in CI). A port from the ephemeral range — what `listen(0)` offers —
 * can be taken by any outgoing connection between the check and the service's own `listen`
 * seconds later, and a suite's services open dozens to the broker meanwhile (the API fuzzer
 * failed CI that way: EADDRINUSE). Below that range only a listener can take a port.
 */
const BELOW_EPHEMERAL = { from: 20_000, to: 26_999 };
/** Jest runs suites in parallel workers: each draws from a slice of its own. */
const SLICES = 16;

/**
 * A TCP port nothing listens on right now, for a process a test starts, never one this process
 * handed out before: a test that spawns several services asks for their ports before any of them
 * listens, and the OS once offered one port twice — the second service could not listen, and its
 * readiness check was answered by the first (a 404 from the wrong service).
 */
export async function freePort(): Promise<number> {
  const range = portRange();
  if (!range) return portTheOsOffers();
  const size = range.to - range.from + 1;
  const start = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i += 1) {
    const port = range.from + ((start + i) % size);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await isFree(port)) return port;
  }
  return portTheOsOffers();
}

/** This worker's slice below the ephemeral range, or null when the kernel's range leaves none. */
function portRange(): { from: number; to: number } | null {
  const ephemeralStart = ephemeralRangeStart();
  const to = Math.min(BELOW_EPHEMERAL.to, ephemeralStart - 1);
  if (to - BELOW_EPHEMERAL.from < SLICES * 50) return null;
  const slice = Math.floor((to - BELOW_EPHEMERAL.from + 1) / SLICES);
  const worker = (Number(process.env.JEST_WORKER_ID) || 0) % SLICES;
  const from = BELOW_EPHEMERAL.from + worker * slice;
  return { from, to: from + slice - 1 };
}

function ephemeralRangeStart(): number {
  try {
    const [start] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(start) ? start : 32_768;
  } catch {
    return 32_768; // not Linux: the IANA dynamic range starts at 49152, so this is below it too
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port the OS picks (from its ephemeral range): the fallback when no range of our own is left. */
async function portTheOsOffers(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: offered } = server.address() as net.AddressInfo;
        server.close(() => resolve(offered));
      });
    });
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}
