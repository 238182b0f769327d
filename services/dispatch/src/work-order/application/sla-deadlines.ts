import { Injectable } from '@nestjs/common';
import { resolveClock, type BusinessCalendar, type ClockName, type PolicyCriteria, type ResolvedClock, type SlaPolicy } from '@aftercare/sla';
import { TenantSettingsDirectory } from '@aftercare/tenant-settings';

/**
 * The work order's SLA clocks from the tenant's policies (libs/sla): the `arrival`, `completion`
 * and `technician_arranged` clocks resolved for the tenant, case type, priority and zone, with their targets,
 * business calendars, pause states and escalation chains. The tenant's own policies and calendars
 * come from its settings (managed through intake's SLA admin API, libs/tenant-settings); the
 * defaults of docs/domain.md follow them (city 6 working hours, suburb and remote 7, quality
 * problems 8 h; completion two working days, paused while awaiting parts; a technician arranged
 * within 24 h of routing).
 */
@Injectable()
export class SlaDeadlines {
  constructor(private readonly settings: TenantSettingsDirectory) {}

  async clocksFor(criteria: PolicyCriteria): Promise<{ arrival: ResolvedClock; completion: ResolvedClock; technicianArranged: ResolvedClock }> {
    const policies = await this.settings.policiesFor(criteria.tenantId);
    return {
      arrival: definition(policies, 'arrival', criteria),
      completion: definition(policies, 'completion', criteria),
      technicianArranged: definition(policies, 'technician_arranged', criteria),
    };
  }

  /** The calendars the tenant's clocks run on: its own, then the defaults it has not replaced. */
  calendarsFor(tenantId: string): Promise<BusinessCalendar[]> {
    return this.settings.calendarsFor(tenantId);
  }
}

function definition(policies: readonly SlaPolicy[], name: ClockName, criteria: PolicyCriteria): ResolvedClock {
  const resolved = resolveClock(policies, criteria, name);
  if (!resolved) throw new Error(`no SLA policy defines the ${name} clock for tenant ${criteria.tenantId}`);
  return resolved;
}
