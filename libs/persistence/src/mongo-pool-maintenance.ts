/**
 * The mongodb driver (6.x) wakes every connection pool every 100 ms to keep `minPoolSize`
 * connections open and to close perished ones (`minPoolSizeCheckFrequencyMS`, an internal option
 * the MongoClient refuses as "not supported"). Measured idle, a MongoClient alone used 0.27 % of a
 * core with it, 0.05 % with a 10 s check (ADR 0049). We keep no minimum pool (`minPoolSize` 0) and
 * no idle limit (`maxIdleTimeMS` 0), so the check only closes connections of a pool cleared by a
 * network error — which a checkout closes as well. A pool that keeps a minimum keeps the driver's
 * 100 ms, so a lost connection is replaced as soon as before.
 */
export const POOL_CHECK_WITHOUT_MINIMUM_MS = 10_000;

interface PoolOptions {
  minPoolSize?: number;
  minPoolSizeCheckFrequencyMS?: number;
  [option: string]: unknown;
}

type PoolClass = new (server: unknown, options: PoolOptions) => object;

const SLOWED = Symbol.for('aftercare.mongodb.pool-check');

/** Replaces the module's pool class by one whose maintenance runs every 10 s unless it keeps a minimum. */
export function withSlowerPoolCheck(poolModule: { ConnectionPool: PoolClass }): void {
  const marked = poolModule as { [SLOWED]?: true };
  if (marked[SLOWED]) return;
  const Original = poolModule.ConnectionPool;
  class ConnectionPool extends Original {
    constructor(server: unknown, options: PoolOptions) {
      const keepsMinimum = (options.minPoolSize ?? 0) > 0;
      super(server, keepsMinimum ? options : { ...options, minPoolSizeCheckFrequencyMS: options.minPoolSizeCheckFrequencyMS ?? POOL_CHECK_WITHOUT_MINIMUM_MS });
    }
  }
  poolModule.ConnectionPool = ConnectionPool;
  marked[SLOWED] = true;
}

// The driver's server looks the pool class up on this module at every new server. `mongodb` is a
// dependency of its own (the version mongoose takes), so that this is mongoose's copy of the driver.
withSlowerPoolCheck(require('mongodb/lib/cmap/connection_pool') as { ConnectionPool: PoolClass });
