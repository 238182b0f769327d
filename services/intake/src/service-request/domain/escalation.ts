/**
 * Escalation and SLA breaches, both allowed in every status before `resolved`.
 * - Escalation is a flag with a level (1 = first step of the tenant's chain) that only goes up:
 *   a level already reached is a no-op.
 * - An SLA breach is recorded once per clock and due time (redeliveries are no-ops).
 */
import type { CaseEscalated, SlaBreached } from './service-request.facts';
import type { ServiceRequestState } from './service-request.state';
import { assertInStateCommand } from './service-request.state-machine';
import { type EscalationReason, ESCALATION_REASONS } from './service-request.types';
import { FieldErrors, instantOrNow, optionalText, requiredEnum, requiredInstant, requiredText } from './validation';

/** Clock names are snake_case (`reply`, `technician_arranged`, `arrival`). */
const CLOCK_NAME = /^[a-z][a-z0-9_]*$/;

export interface EscalateCommand {
  level: number;
  reason: EscalationReason;
  note?: string | null;
  at?: Date;
}

export interface SlaBreachCommand {
  clock: string;
  dueAt: Date;
  at?: Date;
}

export function escalate(s: ServiceRequestState, cmd: EscalateCommand): CaseEscalated[] {
  const at = instantOrNow(cmd.at);
  const errors = new FieldErrors();
  if (!Number.isInteger(cmd.level) || cmd.level < 1) errors.add('level', 'must be an integer ≥ 1');
  const reason = requiredEnum(cmd.reason, ESCALATION_REASONS, 'reason', errors);
  const note = optionalText(cmd.note, 'note', errors);
  errors.throwIfAny();
  const previousLevel = s.escalation?.level ?? 0;
  if (cmd.level <= previousLevel) return [];
  assertInStateCommand(s.status, 'escalate');
  s.escalation = { level: cmd.level, reason, note, at };
  return [{ kind: 'escalated', at, level: cmd.level, previousLevel, reason, note }];
}

export function recordSlaBreach(s: ServiceRequestState, cmd: SlaBreachCommand): SlaBreached[] {
  const at = instantOrNow(cmd.at);
  const errors = new FieldErrors();
  const clock = requiredText(cmd.clock, 'clock', errors);
  if (clock && !CLOCK_NAME.test(clock)) errors.add('clock', 'must be a snake_case clock name');
  const dueAt = requiredInstant(cmd.dueAt, 'dueAt', errors);
  errors.throwIfAny();
  if (s.slaBreaches.some((b) => b.clock === clock && b.dueAt.getTime() === dueAt.getTime())) return [];
  assertInStateCommand(s.status, 'recordSlaBreach');
  s.slaBreaches.push({ clock, dueAt, breachedAt: at });
  return [{ kind: 'slaBreached', at, clock, dueAt: new Date(dueAt) }];
}
