import { BusinessCalendar } from '../calendar/business-calendar';
import { SLA_ERROR_CODES, SlaError } from '../errors';
import { MATCH_ATTRIBUTES } from './policy-resolution';
import { CLAIM_URGENCIES, CLOCK_NAMES, ClockDefinition, PRIORITIES, SlaPolicy, ZONES } from './sla-policy';

/**
 * Every problem with a set of policies, as sentences for an administrator. Two policies with
 * the same tenant and attributes defining the same clock are rejected: resolution would still
 * be deterministic (by id) but the intent is ambiguous.
 */
export function validatePolicies(policies: readonly SlaPolicy[], calendars: readonly BusinessCalendar[]): string[] {
  const problems: string[] = [];
  const calendarIds = new Set(calendars.map((c) => c.id));
  const ids = new Set<string>();
  const owners = new Map<string, string>();

  for (const policy of policies) {
    const where = `policy '${policy.id}'`;
    if (!policy.id) problems.push('a policy has no id');
    if (ids.has(policy.id)) problems.push(`${where} is defined twice`);
    ids.add(policy.id);
    if (!policy.tenantId) problems.push(`${where} has no tenantId (use '*' for every tenant)`);
    if (policy.priority !== undefined && !PRIORITIES.includes(policy.priority)) {
      problems.push(`${where} priority '${policy.priority}' is not P1..P4`);
    }
    if (policy.zone !== undefined && !ZONES.includes(policy.zone)) {
      problems.push(`${where} zone '${policy.zone}' is not city, suburb or remote`);
    }
    if (policy.urgency !== undefined && !CLAIM_URGENCIES.includes(policy.urgency)) {
      problems.push(`${where} urgency '${policy.urgency}' is not urgent or normal`);
    }

    const key = [policy.tenantId, ...MATCH_ATTRIBUTES.map((a) => policy[a] ?? '')].join('|');
    for (const [name, definition] of Object.entries(policy.clocks ?? {})) {
      if (!(CLOCK_NAMES as readonly string[]).includes(name)) problems.push(`${where} defines unknown clock '${name}'`);
      problems.push(...validateDefinition(definition, `${where} clock '${name}'`, calendarIds));
      const other = owners.get(`${key}|${name}`);
      if (other !== undefined && other !== policy.id) {
        problems.push(`${where} and policy '${other}' both define clock '${name}' for the same match`);
      }
      owners.set(`${key}|${name}`, policy.id);
    }
  }
  return problems;
}

function validateDefinition(d: ClockDefinition | undefined, where: string, calendarIds: ReadonlySet<string>): string[] {
  if (!d) return [`${where} is empty`];
  const problems: string[] = [];
  if (!(typeof d.targetMinutes === 'number' && Number.isFinite(d.targetMinutes) && d.targetMinutes > 0)) {
    problems.push(`${where} targetMinutes must be > 0`);
  }
  if (!calendarIds.has(d.calendarId)) problems.push(`${where} uses unknown calendar '${d.calendarId}'`);
  if (!Array.isArray(d.pauseInStates)) problems.push(`${where} pauseInStates must be a list`);
  if (!Array.isArray(d.escalationChain)) return [...problems, `${where} escalationChain must be a list`];
  d.escalationChain.forEach((step, i) => {
    if (!(Number.isFinite(step.afterMinutesOverdue) && step.afterMinutesOverdue >= 0)) {
      problems.push(`${where} escalation step ${i} afterMinutesOverdue must be >= 0`);
    }
    if (!step.level) problems.push(`${where} escalation step ${i} has no level`);
    if (i > 0 && step.afterMinutesOverdue <= d.escalationChain[i - 1].afterMinutesOverdue) {
      problems.push(`${where} escalation steps must be strictly ascending`);
    }
  });
  return problems;
}

export function assertValidPolicies(policies: readonly SlaPolicy[], calendars: readonly BusinessCalendar[]): readonly SlaPolicy[] {
  const problems = validatePolicies(policies, calendars);
  if (problems.length > 0) {
    throw new SlaError(SLA_ERROR_CODES.invalidPolicy, `SLA policies are invalid: ${problems.join('; ')}`, 'invalid', { problems });
  }
  return policies;
}
