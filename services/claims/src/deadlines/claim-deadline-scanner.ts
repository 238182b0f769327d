import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@aftercare/http';
import { ConcurrencyError, MongoDueWorkStore } from '@aftercare/persistence';
import { TenantClocks } from '../clocks/tenant-clocks';
import { ClaimEscalationNotices } from './claim-escalation-notices';
import { CLAIMS_CONFIG, type ClaimsConfig } from '../config/config';
import { CLAIM_DEADLINE_JOB, QualityClaimRepository, type ClaimedClaim } from '../quality-claim/infrastructure/quality-claim.repository';
import { COMPLAINT_DEADLINE_JOB, ServiceComplaintRepository, type ClaimedComplaint } from '../service-complaint/infrastructure/service-complaint.repository';

/** How long a scanner instance holds a claim it leased before another may take it over. */
export const CLAIM_SCAN_LEASE_MS = 60_000;

export interface ClaimScanResult {
  checked: number;
  escalated: number;
}

/**
 * The claim and complaint clocks watched from the store. Every claim's and complaint's document
 * holds `nextCheckAt` (its next breach or escalation level) and the due index an entry for it
 * (jobs `claim-deadlines`, `complaint-deadlines`). Every
 * `CLAIM_DEADLINE_SCAN_INTERVAL_MS` a pass finds the due claims through that index (no scan of the
 * claims), leases each (two instances never check the same claim at once), records every breach
 * and level due (`climbEscalations`) and saves: the `escalated` events go out through the
 * aggregate's outbox, and the version guard is a second line against a step sent twice.
 */
@Injectable()
export class ClaimDeadlineScanner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('claims.deadlines');
  private readonly task = new PeriodicTask('claims.deadlines', (now) => this.pass(now), (result) => {
    if (result.escalated) this.logger.log(`deadline scan: ${result.escalated} breach(es) or escalation(s) on ${result.checked} due claim(s)`);
  });

  constructor(
    private readonly claims: QualityClaimRepository,
    private readonly complaints: ServiceComplaintRepository,
    private readonly clocks: TenantClocks,
    @Inject(CLAIMS_CONFIG) private readonly config: ClaimsConfig,
    private readonly notices: ClaimEscalationNotices,
    private readonly dueWork: MongoDueWorkStore,
  ) {}

  /** Idle passes space out (up to a minute); a claim or complaint saved in this process wakes the pass for its next step (ADR 0045). */
  onApplicationBootstrap(): void {
    this.task.start(this.config.CLAIM_DEADLINE_SCAN_INTERVAL_MS, { idle: { when: (result) => result.checked === 0 } });
    for (const job of [CLAIM_DEADLINE_JOB, COMPLAINT_DEADLINE_JOB]) this.dueWork.whenScheduled(job, (due) => this.task.wakeAt(due));
  }

  /** Shutdown: no new pass; the one in flight finishes before Mongo closes. */
  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One pass at `now`, besides the timer's (tests call it with chosen instants). */
  scan(now: Date): Promise<ClaimScanResult> {
    return this.pass(now);
  }

  private async pass(now: Date): Promise<ClaimScanResult> {
    let escalated = 0;
    const options = { limit: this.config.CLAIM_DEADLINE_SCAN_BATCH, leaseMs: CLAIM_SCAN_LEASE_MS, stopped: () => this.task.stopped };
    // A check that throws is logged by the due index and keeps its lease: retried after it.
    const claimReport = await this.claims.passDueChecks(now, options, async (claimed) => {
      escalated += await this.check(claimed, now);
    });
    const complaintReport = await this.complaints.passDueChecks(now, options, async (claimed) => {
      escalated += await this.checkComplaint(claimed, now);
    });
    return { checked: claimReport.claimed + complaintReport.claimed, escalated };
  }

  private async checkComplaint(claimed: ClaimedComplaint, now: Date): Promise<number> {
    const complaint = await this.complaints.findById(claimed.item.tenantId, claimed.item._id);
    if (!complaint) {
      await this.complaints.endCheck(claimed);
      return 0;
    }
    const steps = complaint.climbEscalations(this.clocks.of(complaint.tenantId).escalation, now);
    if (steps === 0) {
      await this.complaints.endCheck(claimed, complaint);
      return 0;
    }
    try {
      await this.complaints.save(complaint, { alsoPublish: await this.notices.for(complaint, 'service-complaint', now) });
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      await this.complaints.endCheck(claimed);
      return 0;
    }
    await this.complaints.endCheck(claimed);
    return steps;
  }

  private async check(claimed: ClaimedClaim, now: Date): Promise<number> {
    const claim = await this.claims.findById(claimed.item.tenantId, claimed.item._id);
    if (!claim) {
      await this.claims.endCheck(claimed);
      return 0;
    }
    const steps = claim.climbEscalations(this.clocks.of(claim.tenantId).escalation, now);
    if (steps === 0) {
      await this.claims.endCheck(claimed, claim);
      return 0;
    }
    try {
      await this.claims.save(claim, { alsoPublish: await this.notices.for(claim, 'quality-claim', now) });
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      // Changed meanwhile by a command: that save recomputed the next check; the next pass sees it.
      await this.claims.endCheck(claimed);
      return 0;
    }
    await this.claims.endCheck(claimed);
    return steps;
  }
}
