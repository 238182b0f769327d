import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@aftercare/http';
import { ConcurrencyError, MongoDueWorkStore } from '@aftercare/persistence';
import { isConfirmationBySilenceDue } from '../domain';
import { CONFIRM_BY_SILENCE_JOB, ServiceRequestRepository } from '../infrastructure/service-request.repository';
import { IntakeSettings } from './intake-settings';

/** Cases confirmed per pass at most; the rest wait for the next pass. */
const BATCH = 100;
/** Long enough for a batch; a lease left by a dead instance frees its cases after this. */
const LEASE_MS = 5 * 60_000;

/**
 * A resolved case whose customer stays silent is confirmed after its tenant's silence period, as
 * it was when the case was resolved (fixed on the resolution; the deployment's
 * CONFIRMATION_SILENCE_DAYS for a tenant without one and for cases resolved before it was fixed). The
 * repository finds the due cases through its due index (an entry written when the case is
 * resolved) and leases each to this instance, so two instances never confirm the same case at
 * once; the version-guarded save is the second line. A case whose confirmation fails moves to a
 * later bucket and does not hold back the others.
 */
@Injectable()
export class ConfirmBySilence implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('confirm-by-silence');
  private readonly task = new PeriodicTask('confirm-by-silence', (now) => this.scan(now));

  constructor(
    private readonly cases: ServiceRequestRepository,
    private readonly settings: IntakeSettings,
    private readonly dueWork: MongoDueWorkStore,
  ) {}

  /** Idle passes space out (up to a minute); a case resolved in this process wakes the pass for its confirmation (ADR 0045). */
  onApplicationBootstrap(): void {
    this.task.start(this.settings.confirmationScanIntervalMs, { idle: { when: (confirmed) => confirmed === 0 } });
    this.dueWork.whenScheduled(CONFIRM_BY_SILENCE_JOB, (due) => this.task.wakeAt(due));
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
    let confirmed = 0;
    await this.cases.passSilentCases(now, { limit: BATCH, leaseMs: LEASE_MS, stopped: () => this.task.stopped }, async (claimed) => {
      const { _id: id, tenantId } = claimed.item;
      try {
        const request = await this.cases.findById(tenantId, id);
        // The silence fixed on the resolution (the tenant's when resolved); the deployment's for older cases.
        const days = request?.confirmationSilenceDays ?? silenceDays;
        if (!request || !isConfirmationBySilenceDue(request, now, days)) return;
        request.confirm({ bySilence: true, silenceDays: days, at: now });
        await this.cases.save(request);
        confirmed += 1;
      } catch (error) {
        // Changed meanwhile (a customer's answer, a reopening): that save scheduled what is next.
        if (!(error instanceof ConcurrencyError)) {
          this.logger.error(`confirming case ${id} failed: ${(error as Error).message}`);
          throw error;
        }
      } finally {
        await this.cases.releaseClaim(claimed);
      }
    });
    return confirmed;
  }
}
