import { Injectable } from '@nestjs/common';
import {
  DEFAULT_CALENDARS,
  DEFAULT_POLICIES,
  resolveClock,
  type BusinessCalendar,
  type ClockName,
  type PolicyCriteria,
  type ResolvedClock,
  type SlaPolicy,
} from '@aftercare/sla';

/**
 * The work order's SLA clocks from the policies (libs/sla): the `arrival` and `completion` clocks
 * resolved for the tenant, case type, priority and zone, with their targets, business calendars
 * and the states that pause them. The order starts them when the case was routed to dispatch and
 * keeps them (see WorkOrder `clocks`). Tenant policies and calendars come with the configuration
 * API; until then the defaults of docs/domain.md apply (city 6 working hours, suburb and remote 7,
 * quality problems 8 h; completion two working days, paused while awaiting parts).
 */
@Injectable()
export class SlaDeadlines {
  policies: readonly SlaPolicy[] = DEFAULT_POLICIES;
  calendars: readonly BusinessCalendar[] = DEFAULT_CALENDARS;

  clocksFor(criteria: PolicyCriteria): { arrival: ResolvedClock; completion: ResolvedClock } {
    return { arrival: this.definition('arrival', criteria), completion: this.definition('completion', criteria) };
  }

  private definition(name: ClockName, criteria: PolicyCriteria): ResolvedClock {
    const resolved = resolveClock(this.policies, criteria, name);
    if (!resolved) throw new Error(`no SLA policy defines the ${name} clock for tenant ${criteria.tenantId}`);
    return resolved;
  }
}
