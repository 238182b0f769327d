/** Every clock a service may run. Each service starts only its own (see README). */
export const CLOCK_NAMES = [
  'reply',
  'technician_arranged',
  'arrival',
  'completion',
  'complaint_first_response',
  'complaint_preliminary_check',
  'claim_first_contact',
  'claim_closure',
  'rectification_status',
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ZONES = ['city', 'suburb', 'remote'] as const;
export type Zone = (typeof ZONES)[number];

/** Set by claims triage: urgent claims are handled within 2 days, normal ones within 7 [003]. */
export const CLAIM_URGENCIES = ['urgent', 'normal'] as const;
export type ClaimUrgency = (typeof CLAIM_URGENCIES)[number];

/** The chain of docs/domain.md; levels are strings so a tenant can name its own roles. */
export const ESCALATION_LEVELS = ['dispatcher', 'service_manager', 'deputy_gm'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export interface EscalationStep {
  /** Business minutes (on the clock's calendar) past the target; 0 = as soon as it is breached. */
  readonly afterMinutesOverdue: number;
  readonly level: string;
}

export interface ClockDefinition {
  /** Business minutes on `calendarId`: 24 h on '24x7' is 1440; 3 working days on 'cn-standard' is 1440 too. */
  readonly targetMinutes: number;
  readonly calendarId: string;
  /** States of the owning aggregate in which the clock stands still (e.g. 'awaiting_parts'). */
  readonly pauseInStates: readonly string[];
  /** Ascending by afterMinutesOverdue. */
  readonly escalationChain: readonly EscalationStep[];
}

/**
 * One layer of SLA configuration. An attribute left out matches anything; `clocks` may define
 * only some clocks, and each clock is resolved on its own (see resolveClock), so a premium
 * policy can change the reply clock without repeating the arrival clock.
 */
export interface SlaPolicy {
  readonly id: string;
  /** A tenant id, or '*' for every tenant. */
  readonly tenantId: string;
  readonly caseType?: string;
  readonly priority?: Priority;
  /** Service agreement, e.g. 'standard' | 'premium'. */
  readonly agreement?: string;
  readonly zone?: Zone;
  readonly urgency?: ClaimUrgency;
  /** The case is flagged a quality problem (source 003 §3: on site within 8 h). */
  readonly qualityProblem?: boolean;
  readonly clocks: Partial<Record<ClockName, ClockDefinition>>;
}

/** What is known about the case when a clock is resolved; unknown attributes are left out. */
export interface PolicyCriteria {
  readonly tenantId: string;
  readonly caseType?: string;
  readonly priority?: Priority;
  readonly agreement?: string;
  readonly zone?: Zone;
  readonly urgency?: ClaimUrgency;
  /** Set (true) only for a case flagged a quality problem. */
  readonly qualityProblem?: boolean;
}

/** A clock definition together with where it came from, ready for startClock. */
export interface ResolvedClock extends ClockDefinition {
  readonly name: ClockName;
  readonly policyId: string;
}

export interface EffectivePolicy {
  readonly criteria: PolicyCriteria;
  readonly clocks: Partial<Record<ClockName, ResolvedClock>>;
}
