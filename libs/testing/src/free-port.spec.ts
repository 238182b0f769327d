import * as fs from 'node:fs';
import * as net from 'node:net';
import { freePort } from '@aftercare/testing/ports';

const ephemeralStart = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  const worker = process.env.JEST_WORKER_ID;
  afterEach(() => {
    process.env.JEST_WORKER_ID = worker;
    jest.restoreAllMocks();
  });

  it('hands out ports below the ephemeral range, which outgoing connections never take', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(Math.min(27_000, ephemeralStart));
    }
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('gives each Jest worker a slice of its own', async () => {
    process.env.JEST_WORKER_ID = '1';
    const first = await Promise.all(Array.from({ length: 5 }, () => freePort()));
    process.env.JEST_WORKER_ID = '2';
    const second = await Promise.all(Array.from({ length: 5 }, () => freePort()));
    expect(Math.max(...first)).toBeLessThan(Math.min(...second));
  });

  it('passes over a port something already listens on', async () => {
    process.env.JEST_WORKER_ID = '5';
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const expected = await freePort(); // the slice's first port not handed out yet
    const held = await listenOn(expected + 1);
    try {
      expect(await freePort()).toBe(expected + 2);
    } finally {
      await close(held);
    }
  });

  it('never hands out a port twice, though it is free again', async () => {
    process.env.JEST_WORKER_ID = '7';
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const first = await freePort();
    expect(await freePort()).toBe(first + 1);
  });
});
