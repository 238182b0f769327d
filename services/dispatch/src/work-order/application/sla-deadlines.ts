import { Injectable } from '@nestjs/common';
import {
  DEFAULT_CALENDARS,
  DEFAULT_POLICIES,
  findCalendar,
  resolveClock,
  startClock,
  type BusinessCalendar,
  type ClockName,
  type PolicyCriteria,
  type SlaPolicy,
} from '@aftercare/sla';

/**
 * The work order's arrival and completion deadlines from the SLA policies (libs/sla): the clock
 * resolved for the tenant, case type, priority and zone, started when the case was routed to
 * dispatch, on the policy's business calendar. Tenant policies and calendars come with the
 * configuration API; until then the defaults of DOMAIN.md apply (city 6 working hours, suburb and
 * remote 7, quality problems 8 h; completion two working days).
 */
@Injectable()
export class SlaDeadlines {
  policies: readonly SlaPolicy[] = DEFAULT_POLICIES;
  calendars: readonly BusinessCalendar[] = DEFAULT_CALENDARS;

  deadlinesFor(criteria: PolicyCriteria, startedAt: Date): { arrivalDeadline: Date; completionDeadline: Date } {
    const arrivalDeadline = this.deadline('arrival', criteria, startedAt);
    const completion = this.deadline('completion', criteria, startedAt);
    return { arrivalDeadline, completionDeadline: completion < arrivalDeadline ? arrivalDeadline : completion };
  }

  private deadline(name: ClockName, criteria: PolicyCriteria, startedAt: Date): Date {
    const resolved = resolveClock(this.policies, criteria, name);
    if (!resolved) throw new Error(`no SLA policy defines the ${name} clock for tenant ${criteria.tenantId}`);
    const clock = startClock(resolved, findCalendar(this.calendars, resolved.calendarId), startedAt);
    // A clock started in a pause state has no deadline yet; a new order never starts paused.
    return clock.deadline as Date;
  }
}
