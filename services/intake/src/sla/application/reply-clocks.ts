import { Injectable, Logger } from '@nestjs/common';
import {
  findCalendar,
  onStateChange,
  resolveClock,
  retarget,
  startClock,
  stopClock,
  type BusinessCalendar,
  type PolicyCriteria,
  type SlaClock,
} from '@aftercare/sla';
import { ServiceRequestRepository } from '../../service-request/infrastructure/service-request.repository';
import { criteriaOfCase, planNextCheck } from '../domain/reply-clock';
import { SlaClockStore, clockIdOf, type ClockChange, type SlaClockDocument } from '../infrastructure/sla-clock.store';
import { SlaConfigStore } from '../infrastructure/sla-config.store';

export const REPLY = 'reply' as const;

export interface StartReplyClock {
  tenantId: string;
  caseId: string;
  /** When the customer's request arrived: the clock runs from then, even if it is registered later. */
  receivedAt: Date;
  requestedType: string | null;
  priority: string | null;
  zone: string | null;
  /** The level of the case's service agreement (premium, standard …), null without one. */
  agreementLevel: string | null;
  status?: string;
}

/**
 * The reply clock's life outside the scheduler: started when a case is registered, stopped when
 * the customer had the reply (see README), retargeted when the case's priority, type or zone
 * changes, paused in the states its policy names. Every operation is idempotent, so redelivered
 * events change nothing.
 */
@Injectable()
export class ReplyClocks {
  private readonly logger = new Logger('sla');

  constructor(
    private readonly clocks: SlaClockStore,
    private readonly config: SlaConfigStore,
    private readonly cases: ServiceRequestRepository,
  ) {}

  /** Starts the case's reply clock unless it exists; false when it did (or no policy defines one). */
  async start(input: StartReplyClock): Promise<boolean> {
    const criteria = criteriaOfCase(input.tenantId, {
      requestedType: input.requestedType,
      priority: input.priority,
      zone: input.zone,
      agreementLevel: input.agreementLevel,
    });
    const definition = resolveClock(await this.config.policiesFor(input.tenantId), criteria, REPLY);
    if (!definition) {
      this.logger.warn({ msg: 'no reply clock policy applies; clock not started', tenantId: input.tenantId, caseId: input.caseId });
      return false;
    }
    const calendar = findCalendar(await this.config.calendarsFor(input.tenantId), definition.calendarId);
    const clock = startClock(definition, calendar, input.receivedAt, input.status);
    const tracked = { clock, definition, escalationStep: 0, breachNotified: false };
    return this.clocks.insert({
      _id: clockIdOf(input.caseId, REPLY),
      tenantId: input.tenantId,
      caseId: input.caseId,
      name: REPLY,
      clock,
      definition,
      criteria,
      nextCheckAt: planNextCheck(tracked, calendar, new Date()),
      escalationStep: 0,
      breachNotified: false,
    });
  }

  /** The reply happened (or the case no longer needs one) at `at`. */
  async stop(tenantId: string, caseId: string, at: Date, detail: string, expected: { expectedVersion?: number } = {}): Promise<SlaClockDocument | null> {
    const calendars = await this.config.calendarsFor(tenantId);
    return this.clocks.update(
      tenantId,
      clockIdOf(caseId, REPLY),
      (current) => {
        const calendar = findCalendar(calendars, current.clock.calendarId);
        return this.changeFor(current, stopClock(current.clock, calendar, at, detail), calendar);
      },
      expected.expectedVersion,
    );
  }

  /** Follows the case's status: pauses and resumes the clock in the states its policy names. */
  async followState(tenantId: string, caseId: string, status: string, at: Date): Promise<void> {
    const calendars = await this.config.calendarsFor(tenantId);
    await this.clocks.update(tenantId, clockIdOf(caseId, REPLY), (current) => {
      const calendar = findCalendar(calendars, current.clock.calendarId);
      return this.changeFor(current, onStateChange(current.clock, current.definition, calendar, status, at), calendar);
    });
  }

  /**
   * The case's priority, type or zone changed: resolves the clock again from the case as it is
   * now and retargets it (time already used is kept; a tightened target may breach at `at`).
   */
  async reresolve(tenantId: string, caseId: string, at: Date): Promise<void> {
    const serviceRequest = await this.cases.findById(tenantId, caseId);
    if (!serviceRequest) return;
    const criteria = criteriaOfCase(tenantId, {
      requestedType: serviceRequest.requestedType,
      priority: serviceRequest.priority,
      zone: serviceRequest.customer.zone,
      agreementLevel: serviceRequest.serviceAgreement?.level ?? null,
    });
    const definition = resolveClock(await this.config.policiesFor(tenantId), criteria, REPLY);
    if (!definition) return;
    const calendars = await this.config.calendarsFor(tenantId);
    await this.clocks.update(tenantId, clockIdOf(caseId, REPLY), (current) => {
      const calendar = findCalendar(calendars, current.clock.calendarId);
      const newCalendar = findCalendar(calendars, definition.calendarId);
      let clock = retarget(current.clock, definition.targetMinutes, calendar, at, {
        newCalendar,
        policyId: definition.policyId,
        detail: describeChange(current.criteria, criteria),
      });
      clock = onStateChange(clock, definition, newCalendar, serviceRequest.status, at);
      const sameDefinition = JSON.stringify(definition) === JSON.stringify(current.definition);
      if (clock === current.clock && sameDefinition && JSON.stringify(criteria) === JSON.stringify(current.criteria)) return null;
      return { ...this.changeFor({ ...current, definition }, clock, newCalendar, true), definition, criteria };
    });
  }

  /**
   * The new state of a clock after a transition, with its next check. A transition that
   * recorded a breach nobody had checked (a stop after the deadline, a tightened target) makes the
   * clock due at once, so the scheduler tells the case.
   */
  private changeFor(current: SlaClockDocument, clock: SlaClock, calendar: BusinessCalendar, force = false): ClockChange | null {
    if (clock === current.clock && !force) return null;
    const { breachNotified, escalationStep, definition } = current;
    return { clock, nextCheckAt: planNextCheck({ clock, definition, escalationStep, breachNotified }, calendar, new Date()) };
  }
}

function describeChange(before: PolicyCriteria, after: PolicyCriteria): string {
  const parts = (['priority', 'caseType', 'zone', 'agreement'] as const)
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key} ${before[key] ?? '–'} → ${after[key] ?? '–'}`);
  return parts.length ? parts.join(', ') : 'policy change';
}
