import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@aftercare/http';
import { ConcurrencyError } from '@aftercare/persistence';
import { isConfirmationBySilenceDue } from '../domain';
import { ServiceRequestRepository } from '../infrastructure/service-request.repository';
import { IntakeSettings } from './intake-settings';

/** Cases confirmed per pass at most; the rest wait for the next pass. */
const BATCH = 100;
/** Long enough for a batch; a lease left by a dead instance frees its cases after this. */
const LEASE_MS = 5 * 60_000;

/**
 * A resolved case whose customer stays silent is confirmed after the configured days. The
 * repository leases the due cases to this instance, so two instances never confirm the same case
 * at once; the version-guarded save is the second line.
 */
@Injectable()
export class ConfirmBySilence implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('confirm-by-silence');
  private readonly task = new PeriodicTask('confirm-by-silence', (now) => this.scan(now));

  constructor(
    private readonly cases: ServiceRequestRepository,
    private readonly settings: IntakeSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.settings.confirmationScanIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One pass; returns how many cases it confirmed. */
  scanOnce(now = new Date()): Promise<number> {
    return this.task.runOnce(now);
  }

  /** Resolves once `count` more passes have finished. */
  afterPasses(count: number): Promise<void> {
    return this.task.afterPasses(count);
  }

  private async scan(now: Date): Promise<number> {
    const silenceDays = this.settings.confirmationSilenceDays;
    const resolvedBefore = new Date(now.getTime() - silenceDays * 24 * 3_600_000);
    const claims = await this.cases.claimResolvedBefore(resolvedBefore, now, BATCH, LEASE_MS);
    let confirmed = 0;
    for (const claimed of claims) {
      const { _id: id, tenantId } = claimed.item;
      try {
        if (this.task.stopped) continue;
        const request = await this.cases.findById(tenantId, id);
        if (!request || !isConfirmationBySilenceDue(request, now, silenceDays)) continue;
        request.confirm({ bySilence: true, silenceDays, at: now });
        await this.cases.save(request);
        confirmed += 1;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) this.logger.error(`confirming case ${id} failed: ${(error as Error).message}`);
      } finally {
        await this.cases.releaseClaim(claimed);
      }
    }
    return confirmed;
  }
}
