import { CLOCK_NAMES, ClockDefinition, ClockName, EffectivePolicy, PolicyCriteria, ResolvedClock, SlaPolicy } from './sla-policy';

/**
 * Attributes in order of precedence when two policies match the same number of attributes:
 * the service agreement is the customer's contract, so it outranks the case type, which
 * outranks the quality-problem flag, priority, claim urgency and zone. (The 8 h arrival for
 * quality problems thus beats the 6 h city rule, as docs/domain.md reads.)
 */
export const MATCH_ATTRIBUTES = ['agreement', 'caseType', 'qualityProblem', 'priority', 'urgency', 'zone'] as const;
type MatchAttribute = (typeof MATCH_ATTRIBUTES)[number];

/** Null when the policy does not apply; otherwise its specificity, larger = more specific. */
export function policySpecificity(policy: SlaPolicy, criteria: PolicyCriteria): readonly number[] | null {
  if (policy.tenantId !== '*' && policy.tenantId !== criteria.tenantId) return null;
  let count = 0;
  let weight = 0;
  for (const [i, attribute] of MATCH_ATTRIBUTES.entries()) {
    const wanted = policy[attribute as MatchAttribute];
    if (wanted === undefined) continue;
    if (criteria[attribute as MatchAttribute] !== wanted) return null;
    count++;
    weight += 2 ** (MATCH_ATTRIBUTES.length - 1 - i);
  }
  // Tenant first: a tenant that configures a clock has decided it, whatever '*' says.
  return [policy.tenantId === '*' ? 0 : 1, count, weight];
}

function compareSpecificity(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

/**
 * The most specific policy that defines `clock` for these criteria, or null when none does.
 * Tenant-specific beats '*'; then more matching attributes beat fewer; then MATCH_ATTRIBUTES
 * precedence; then the smaller policy id — so the answer never depends on the list order.
 */
export function resolveClock(policies: readonly SlaPolicy[], criteria: PolicyCriteria, clock: ClockName): ResolvedClock | null {
  let best: { policy: SlaPolicy; definition: ClockDefinition; rank: readonly number[] } | null = null;
  for (const policy of policies) {
    const definition = policy.clocks[clock];
    if (!definition) continue;
    const rank = policySpecificity(policy, criteria);
    if (!rank) continue;
    const order = best ? compareSpecificity(rank, best.rank) : -1;
    if (order < 0 || (order === 0 && best && policy.id < best.policy.id)) best = { policy, definition, rank };
  }
  if (!best) return null;
  const { definition } = best;
  return {
    name: clock,
    policyId: best.policy.id,
    targetMinutes: definition.targetMinutes,
    calendarId: definition.calendarId,
    pauseInStates: [...definition.pauseInStates],
    escalationChain: definition.escalationChain.map((s) => ({ ...s })),
  };
}

/** Every clock resolved on its own, so the effective policy may mix layers (premium reply + city arrival). */
export function resolvePolicy(policies: readonly SlaPolicy[], criteria: PolicyCriteria): EffectivePolicy {
  const clocks: Partial<Record<ClockName, ResolvedClock>> = {};
  for (const name of CLOCK_NAMES) {
    const resolved = resolveClock(policies, criteria, name);
    if (resolved) clocks[name] = resolved;
  }
  return { criteria: { ...criteria }, clocks };
}
