import { POOL_CHECK_WITHOUT_MINIMUM_MS, withSlowerPoolCheck } from './mongo-pool-maintenance';

// The driver's internal pool module, as its server uses it (no types for internals).
const poolModule = require('mongodb/lib/cmap/connection_pool') as {
  ConnectionPool: new (server: unknown, options: Record<string, unknown>) => { options: { minPoolSizeCheckFrequencyMS: number }; close(): void };
};
const server = { topology: { client: {} } };
const pool = (options: Record<string, unknown>) => new poolModule.ConnectionPool(server, { hostAddress: { toString: () => 'store:27017' }, ...options });

describe("the mongodb driver's pool maintenance", () => {
  it('runs every 10 s in a pool that keeps no minimum (the driver: every 100 ms)', () => {
    const created = pool({});
    expect(created.options.minPoolSizeCheckFrequencyMS).toBe(POOL_CHECK_WITHOUT_MINIMUM_MS);
    created.close();
  });

  it("keeps the driver's 100 ms in a pool that keeps a minimum, so a lost connection is replaced as soon as before", () => {
    const created = pool({ minPoolSize: 2 });
    expect(created.options.minPoolSizeCheckFrequencyMS).toBe(100);
    created.close();
  });

  it("patches the driver mongoose connects with: the workspace's mongodb is mongoose's own copy", () => {
    // A mongoose upgrade that brings a driver of its own would leave the patched copy unused.
    const mongooseDir = require('node:path').dirname(require.resolve('mongoose/package.json'));
    expect(require.resolve('mongodb', { paths: [mongooseDir] })).toBe(require.resolve('mongodb'));
  });

  it('is applied once however often it is asked', () => {
    const seen: Array<Record<string, unknown>> = [];
    const fake = { ConnectionPool: class { constructor(_server: unknown, options: Record<string, unknown>) { seen.push(options); } } };
    withSlowerPoolCheck(fake);
    withSlowerPoolCheck(fake);
    new fake.ConnectionPool(server, { maxPoolSize: 5 });
    expect(seen).toEqual([{ maxPoolSize: 5, minPoolSizeCheckFrequencyMS: POOL_CHECK_WITHOUT_MINIMUM_MS }]);
  });
});
