import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Filter } from 'mongodb';
import { PeriodicTask } from '@aftercare/http';
import { ConcurrencyError } from '@aftercare/persistence';
import { isConfirmationBySilenceDue } from '../domain';
import { ServiceRequestRepository, type ServiceRequestDocument } from '../infrastructure/service-request.repository';
import { IntakeSettings } from './intake-settings';

/**
 * A resolved case whose customer stays silent is confirmed after the configured days. Safe with
 * several instances: the version-guarded save lets one confirm and the others skip.
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

  private async scan(now: Date): Promise<number> {
    const dueBefore = new Date(now.getTime() - this.settings.confirmationSilenceDays * 24 * 3_600_000);
    const due = await this.cases.documents
      .find({ status: 'resolved', 'resolution.resolvedAt': { $lte: dueBefore } } as Filter<ServiceRequestDocument>, { projection: { _id: 1, tenantId: 1 } })
      .limit(100)
      .toArray();
    let confirmed = 0;
    for (const { _id, tenantId } of due) {
      try {
        const request = await this.cases.findById(tenantId, _id);
        if (!request || !isConfirmationBySilenceDue(request, now, this.settings.confirmationSilenceDays)) continue;
        request.confirm({ bySilence: true, silenceDays: this.settings.confirmationSilenceDays, at: now });
        await this.cases.save(request);
        confirmed += 1;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) this.logger.error(`confirming case ${_id} failed: ${(error as Error).message}`);
      }
    }
    return confirmed;
  }
}
