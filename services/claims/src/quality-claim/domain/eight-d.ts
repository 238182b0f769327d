import { DomainError, invalidFields, type FieldError } from '@aftercare/ddd';
import type { QualityClaimFact } from './quality-claim.facts';
import { isOpenClaim, qualityClaimMachine } from './quality-claim.state-machine';
import type { Prevention, QualityClaimState, SupplierDefect, TeamMember } from './quality-claim.state';
import { assignResponsibility, supplierErrors } from './registration';
import { MANAGER_ROLES, RESPONSIBILITIES, isQualityEngineer, type Actor, type Responsibility } from './quality-claim.types';

const INVALID = 'QUALITY_CLAIM_INVALID';
const blank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === '';
const fail = (subject: string, errors: FieldError[]): void => {
  if (errors.length) throw invalidFields(INVALID, subject, errors);
};
const required = (field: string): FieldError => ({ field, message: 'is required' });

function assertOpen(s: QualityClaimState, action: string): void {
  if (!isOpenClaim(s.status)) throw new DomainError('QUALITY_CLAIM_ILLEGAL_TRANSITION', `quality claim cannot ${action} while ${s.status}`, 'conflict', { from: s.status, action });
}

/**
 * D1: the team, replaced as a whole. A major claim's team is the escalation team: its leader holds
 * a manager rank (source 001 §4, escalation rule 1).
 */
export function formTeam(s: QualityClaimState, c: { leader: TeamMember; members: TeamMember[]; at: Date }): boolean {
  assertOpen(s, 'form its team');
  const errors: FieldError[] = [];
  for (const key of ['id', 'name', 'role'] as const) if (blank(c.leader?.[key])) errors.push(required(`leader.${key}`));
  (c.members ?? []).forEach((m, i) => {
    for (const key of ['id', 'name', 'role'] as const) if (blank(m?.[key])) errors.push(required(`members[${i}].${key}`));
  });
  if (!errors.length && s.triage?.major && !(MANAGER_ROLES as readonly string[]).includes(c.leader.role))
    errors.push({ field: 'leader.role', message: `must be a manager rank (${MANAGER_ROLES.join(', ')}) for a major claim` });
  fail('team (D1)', errors);
  s.team = { leader: { ...c.leader }, members: c.members.map((m) => ({ ...m })), formedAt: c.at };
  return true;
}

/** D3: the containment; a major claim cannot go on without its escalation team. */
export function contain(
  s: QualityClaimState,
  c: { actions: string; quantitySuspect: number; quantityContained: number; locations: string[]; at: Date },
): QualityClaimFact[] {
  const errors: FieldError[] = [];
  if (blank(c.actions)) errors.push(required('actions'));
  if (!Number.isInteger(c.quantitySuspect) || c.quantitySuspect < 0) errors.push({ field: 'quantitySuspect', message: 'must be a whole number ≥ 0' });
  if (!Number.isInteger(c.quantityContained) || c.quantityContained < 0 || c.quantityContained > c.quantitySuspect)
    errors.push({ field: 'quantityContained', message: 'must be a whole number between 0 and quantitySuspect' });
  if (!Array.isArray(c.locations) || c.locations.length === 0 || c.locations.some(blank)) errors.push({ field: 'locations', message: 'must name at least one place' });
  fail('containment (D3)', errors);
  if (s.triage?.major && !s.team) throw new DomainError('ESCALATION_TEAM_REQUIRED', 'a major claim needs its escalation team (D1) led by a manager before containment', 'rule');
  const from = s.status;
  s.status = qualityClaimMachine.next(s.status, 'contain');
  s.containment = { actions: c.actions.trim(), quantitySuspect: c.quantitySuspect, quantityContained: c.quantityContained, locations: [...c.locations], recordedAt: c.at };
  return [{ kind: 'progressed', at: c.at, from, discipline: 'D3', supplierFeedback: null }];
}

/** D4: the why-chain to the root cause and the escape point; the responsibility may be settled now. */
export function identifyRootCause(
  s: QualityClaimState,
  c: { whyChain: string[]; rootCause: string; escapePoint: string; responsibility?: Responsibility; supplier?: SupplierDefect; at: Date },
): QualityClaimFact[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(c.whyChain) || c.whyChain.length === 0 || c.whyChain.some(blank)) errors.push({ field: 'whyChain', message: 'must list at least one why' });
  if (blank(c.rootCause)) errors.push(required('rootCause'));
  if (blank(c.escapePoint)) errors.push(required('escapePoint'));
  if (c.responsibility !== undefined && !(RESPONSIBILITIES as readonly string[]).includes(c.responsibility))
    errors.push({ field: 'responsibility', message: `must be one of ${RESPONSIBILITIES.join(', ')}` });
  errors.push(...supplierErrors(c.responsibility, c.supplier));
  fail('root cause (D4)', errors);
  const from = s.status;
  s.status = qualityClaimMachine.next(s.status, 'identifyRootCause');
  s.rootCause = { whyChain: c.whyChain.map((w) => w.trim()), rootCause: c.rootCause.trim(), escapePoint: c.escapePoint.trim(), recordedAt: c.at };
  const supplierFeedback = c.responsibility ? assignResponsibility(s, c.responsibility, c.supplier) : null;
  return [{ kind: 'progressed', at: c.at, from, discipline: 'D4', supplierFeedback }];
}

export interface PlannedAction {
  description: string;
  owner: string;
  deadline: Date | null;
}

/** D5: permanent actions, each with an owner and a deadline (source 000 §1.8); an action without either is 422. */
export function planActions(s: QualityClaimState, c: { actions: PlannedAction[]; at: Date }): QualityClaimFact[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(c.actions) || c.actions.length === 0) errors.push({ field: 'actions', message: 'must list at least one permanent action' });
  (c.actions ?? []).forEach((a, i) => {
    if (blank(a?.description)) errors.push(required(`actions[${i}].description`));
    if (blank(a?.owner)) errors.push(required(`actions[${i}].owner`));
    if (!(a?.deadline instanceof Date) || Number.isNaN(a.deadline.getTime())) errors.push(required(`actions[${i}].deadline`));
  });
  fail('permanent actions (D5)', errors);
  const from = s.status;
  s.status = qualityClaimMachine.next(s.status, 'planActions');
  s.actions = c.actions.map((a, i) => ({
    id: `${s.id}-ca${i + 1}`,
    description: a.description.trim(),
    owner: a.owner.trim(),
    deadline: a.deadline as Date,
    implementedAt: null,
    evidence: [],
  }));
  return [{ kind: 'progressed', at: c.at, from, discipline: 'D5', supplierFeedback: null }];
}

/** D6: every action is put in place, with evidence. */
export function implement(s: QualityClaimState, c: { summary: string; evidence: string[]; at: Date }): QualityClaimFact[] {
  const errors: FieldError[] = [];
  if (blank(c.summary)) errors.push(required('summary'));
  if (!Array.isArray(c.evidence) || c.evidence.length === 0 || c.evidence.some(blank)) errors.push({ field: 'evidence', message: 'must list at least one piece of evidence' });
  fail('implementation (D6)', errors);
  const from = s.status;
  s.status = qualityClaimMachine.next(s.status, 'implement');
  s.implementation = { summary: c.summary.trim(), evidence: [...c.evidence], recordedAt: c.at };
  s.actions = s.actions.map((a) => ({ ...a, implementedAt: a.implementedAt ?? c.at, evidence: a.evidence.length ? a.evidence : [...c.evidence] }));
  return [{ kind: 'progressed', at: c.at, from, discipline: 'D6', supplierFeedback: null }];
}

/**
 * D7: only a quality engineer verifies that the actions worked (source 000 §1.8: the quality
 * department verifies before closing), and names what changes so it cannot recur.
 */
export function verify(s: QualityClaimState, c: { actor: Actor; result: string; prevention: Prevention; at: Date }): QualityClaimFact[] {
  if (!isQualityEngineer(c.actor)) throw new DomainError('QUALITY_ENGINEER_REQUIRED', 'only a quality engineer verifies the effectiveness of the actions', 'rule', { approval: true });
  const errors: FieldError[] = [];
  if (blank(c.result)) errors.push(required('result'));
  const p = c.prevention;
  if (!p || !Array.isArray(p.documentsChanged) || p.documentsChanged.some(blank)) errors.push({ field: 'prevention.documentsChanged', message: 'must be a list of documents' });
  if (p && (typeof p.fmeaUpdated !== 'boolean' || typeof p.controlPlanUpdated !== 'boolean')) errors.push({ field: 'prevention', message: 'must say whether the FMEA and the control plan changed' });
  fail('verification (D7)', errors);
  const from = s.status;
  s.status = qualityClaimMachine.next(s.status, 'verify');
  s.verification = { verifiedBy: c.actor.id, result: c.result.trim(), verifiedAt: c.at };
  s.prevention = { documentsChanged: [...p.documentsChanged], fmeaUpdated: p.fmeaUpdated, controlPlanUpdated: p.controlPlanUpdated, notes: p.notes ?? null };
  return [{ kind: 'progressed', at: c.at, from, discipline: 'D7', supplierFeedback: null }];
}

/** D8: the team is recognised; allowed once the actions are verified, before or after closing. */
export function recognise(s: QualityClaimState, c: { note: string; at: Date }): boolean {
  if (s.status !== 'verified' && s.status !== 'closed')
    throw new DomainError('QUALITY_CLAIM_ILLEGAL_TRANSITION', `quality claim cannot recognise the team while ${s.status}`, 'conflict', { from: s.status, action: 'recognise' });
  fail('recognition (D8)', blank(c.note) ? [required('note')] : []);
  s.recognition = { note: c.note.trim(), recordedAt: c.at };
  return true;
}

/** Progress notes: the general manager follows a major claim through them until it is closed. */
export function addNote(s: QualityClaimState, c: { by: string; text: string; at: Date }): boolean {
  assertOpen(s, 'take a note');
  fail('note', blank(c.text) ? [required('text')] : []);
  s.notes = [...s.notes, { by: c.by, text: c.text.trim(), at: c.at }];
  return true;
}

/** The customer was contacted (first-contact clock, 48 h) or told the rectification status (72 h). Repeats keep the first instant. */
export function recordCustomerContact(s: QualityClaimState, c: { kind: 'first_contact' | 'rectification_status'; at: Date }): boolean {
  assertOpen(s, 'record a customer contact');
  if (c.kind === 'first_contact') {
    if (s.firstContactAt) return false;
    s.firstContactAt = c.at;
    return true;
  }
  if (s.rectificationStatusSentAt) return false;
  s.rectificationStatusSentAt = c.at;
  if (!s.firstContactAt) s.firstContactAt = c.at;
  return true;
}
