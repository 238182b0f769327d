import { PeriodicTask } from '@aftercare/http';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConcurrencyError, MongoDueWorkStore, type AccompanyingMessage } from '@aftercare/persistence';
import { findCalendar } from '@aftercare/sla';
import { isCommandAllowed } from '../../service-request/domain';
import { ServiceRequestRepository } from '../../service-request/infrastructure/service-request.repository';
import { evaluateDue, type DueWork } from '../domain/reply-clock';
import { SLA_CLOCK_JOB, SlaClockStore, type ClaimedClock } from '../infrastructure/sla-clock.store';
import { SlaConfigStore } from '../infrastructure/sla-config.store';
import { SlaSettings } from '../sla.settings';
import { clockEscalatedMessage } from './clock-escalated';
import { ReplyEscalationNotices } from './reply-escalation-notices';

/** What one scan did, for tests and logs. */
export interface ScanResult {
  /** Clocks claimed and looked at. */
  claimed: number;
  /** Cases that got a breach or escalation event in this scan. */
  casesChanged: number;
  failed: number;
}

type CaseOutcome = 'changed' | 'unchanged' | 'missing' | 'not_open';

const CASE_SAVE_ATTEMPTS = 3;

/**
 * Looks for due reply clocks every `SLA_SCAN_INTERVAL_MS`. The store finds them through its due
 * index (no scan of the clocks) and leases each to this instance (`SlaClockStore.passDue`, a
 * lease per clock in the `leases` collection), so two instances never work on the same clock at once. For a claimed clock it records the breach and the due escalation steps on the
 * case (one version-guarded case write, whose events go out through the case's outbox), then
 * stores the clock's new state and gives the claim back. A crash between the two writes leaves
 * the claim to expire; the clock is then evaluated again, and the case commands, being
 * idempotent (same clock + due time, same level), record nothing twice.
 */
@Injectable()
export class SlaScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('sla');
  private readonly task = new PeriodicTask('sla', (now) => this.scan(now));

  constructor(
    private readonly settings: SlaSettings,
    private readonly clocks: SlaClockStore,
    private readonly config: SlaConfigStore,
    private readonly cases: ServiceRequestRepository,
    private readonly dueWork: MongoDueWorkStore,
    private readonly notices: ReplyEscalationNotices,
  ) {}

  /** Idle passes space out (up to a minute); a clock scheduled in this process wakes the pass for its due time (ADR 0045). */
  onApplicationBootstrap(): void {
    this.task.start(this.settings.scanIntervalMs, { immediately: true, idle: { when: (result) => result.claimed === 0 && result.failed === 0 } });
    this.dueWork.whenScheduled(SLA_CLOCK_JOB, (due) => this.task.wakeAt(due));
  }

  /** Stops scanning and waits for the scan in flight (before the outbox relay and Mongo shut down). */
  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One scan: every clock due now (up to the batch size), each claimed before it is handled. */
  scanOnce(now: Date = new Date()): Promise<ScanResult> {
    return this.task.runOnce(now);
  }

  /** Resolves once `count` more scans have finished (tests: "nothing more happened" after them). */
  afterPasses(count: number): Promise<void> {
    return this.task.afterPasses(count);
  }

  private async scan(now: Date): Promise<ScanResult> {
    const result: ScanResult = { claimed: 0, casesChanged: 0, failed: 0 };
    const options = { limit: this.settings.scanBatch, leaseMs: this.settings.claimLeaseMs, stopped: () => this.task.stopped };
    // A clock whose check throws is logged by the due index and keeps its lease: it is retried
    // after the lease, not in a tight loop.
    const report = await this.clocks.passDue(now, options, async (claimed) => {
      if ((await this.handle(claimed, now)) === 'changed') result.casesChanged++;
    });
    return { ...result, claimed: report.claimed, failed: report.failed };
  }

  private async handle(claimed: ClaimedClock, now: Date): Promise<CaseOutcome> {
    const clock = claimed.item;
    const calendar = findCalendar(await this.config.calendarsFor(clock.tenantId), clock.clock.calendarId);
    const work = evaluateDue(clock, calendar, now);
    const outcome = work.breach || work.escalations.length ? await this.tellCase(clock.tenantId, clock.caseId, clock.name, work, now) : 'unchanged';
    if (outcome === 'missing') this.logger.warn({ msg: 'SLA clock without its case', clockId: clock._id });
    const completed = await this.clocks.complete(claimed, {
      clock: work.clock,
      escalationStep: work.escalationStep,
      breachNotified: work.breachNotified,
      nextCheckAt: outcome === 'missing' ? null : work.nextCheckAt,
    });
    // Someone changed the clock meanwhile (an event): it is evaluated again from its new state.
    if (!completed) this.logger.debug({ msg: 'SLA clock changed while checked; looked at again', clockId: clock._id });
    return outcome;
  }

  /**
   * Records the breach and the escalation steps on the case, in one case write, with the level
   * each step reached (`clock-escalated`, listed per level) and a notification request to each
   * person named there.
   */
  private async tellCase(tenantId: string, caseId: string, clockName: string, work: DueWork, now: Date): Promise<CaseOutcome> {
    for (let attempt = 1; ; attempt++) {
      const serviceRequest = await this.cases.findById(tenantId, caseId);
      if (!serviceRequest) return 'missing';
      // Resolved, closed, rejected or cancelled: too late to escalate; the stop event is on its way.
      if (!isCommandAllowed(serviceRequest.status, 'recordSlaBreach') || !isCommandAllowed(serviceRequest.status, 'escalate')) {
        return 'not_open';
      }
      if (work.breach) serviceRequest.recordSlaBreach({ clock: clockName, dueAt: work.breach.dueAt, at: now });
      const notices: AccompanyingMessage[] = [];
      for (const step of work.escalations) {
        if (serviceRequest.escalate({ level: step.level, reason: 'sla_breach', note: `${clockName} clock overdue: ${step.name}`, at: now })) {
          const reached = { clock: clockName, step: step.level, level: step.name, at: now };
          notices.push(clockEscalatedMessage(serviceRequest, reached), ...(await this.notices.for(serviceRequest, reached)));
        }
      }
      if (!serviceRequest.pendingEvents.length) return 'unchanged';
      try {
        await this.cases.save(serviceRequest, { alsoPublish: notices });
        return 'changed';
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= CASE_SAVE_ATTEMPTS) throw error;
      }
    }
  }
}
