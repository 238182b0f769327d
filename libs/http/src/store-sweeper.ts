import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ExpiringRecords } from '@aftercare/persistence';
import { PeriodicTask } from './periodic-task';

/** As often as MongoDB's own TTL monitor. */
export const STORE_SWEEP_INTERVAL_MS = 60_000;

/**
 * Deletes expired records (idempotency keys, leases — every collection registered in
 * `ExpiringRecords`) once a minute. On MongoDB the TTL indexes do the same and the sweep finds
 * little; on mongo-java-server, which ignores TTL indexes, the sweep is what bounds them.
 */
@Injectable()
export class StoreSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('store-sweep');
  private readonly task = new PeriodicTask('store-sweep', (now) => this.records.sweep(now), (deleted) => {
    const swept = Object.entries(deleted).filter(([, n]) => n > 0);
    if (swept.length) this.logger.debug(`swept expired records: ${swept.map(([name, n]) => `${name} ${n}`).join(', ')}`);
  });

  constructor(private readonly records: ExpiringRecords) {}

  onApplicationBootstrap(): void {
    this.task.start(STORE_SWEEP_INTERVAL_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One sweep at `now` (tests drive the clock): records deleted per collection. */
  sweepOnce(now: Date = new Date()): Promise<Record<string, number>> {
    return this.task.runOnce(now);
  }
}
