import type { FieldError } from '@aftercare/ddd';

/** Someone an escalation step notifies. */
export interface EscalationPerson {
  readonly id: string;
  readonly name: string;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly preferredChannel?: 'sms' | 'email' | 'wechat' | 'phone' | null;
}

/**
 * Who one level of the escalation chain reaches. The levels are those the policies' clocks name in
 * their `escalationChain` (libs/sla: `dispatcher`, `service_manager`, `deputy_gm` by default).
 */
export interface EscalationLevelContacts {
  readonly level: string;
  /** The Aftercare role of the people at this level (dispatcher, manager): escalations are listed by level for it. */
  readonly role: string;
  readonly people: readonly EscalationPerson[];
}

/**
 * The chain of docs/domain.md (dispatcher → service manager → deputy GM, source 004 §4 and
 * source 001 §4) with its roles and nobody named yet: a tenant names its people. A level nobody
 * is named for still escalates (the order's event, the list by level) but notifies nobody.
 */
export const DEFAULT_ESCALATION_LEVELS: readonly EscalationLevelContacts[] = Object.freeze([
  { level: 'dispatcher', role: 'dispatcher', people: [] },
  { level: 'service_manager', role: 'manager', people: [] },
  { level: 'deputy_gm', role: 'manager', people: [] },
]);

const LEVEL = /^[a-z][a-z0-9_]{0,39}$/;
const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

/** What is wrong with a tenant's escalation contacts (empty when nothing is). */
export function escalationContactProblems(levels: readonly EscalationLevelContacts[], path = 'escalationContacts'): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  levels.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    if (!LEVEL.test(entry.level ?? '')) problems.push({ field: `${at}.level`, message: 'must be lower-case letters, digits or _ (e.g. service_manager)' });
    else if (seen.has(entry.level)) problems.push({ field: `${at}.level`, message: `level '${entry.level}' appears twice` });
    seen.add(entry.level);
    if (!LEVEL.test(entry.role ?? '')) problems.push({ field: `${at}.role`, message: 'must name a role (e.g. dispatcher, manager)' });
    const ids = new Set<string>();
    (entry.people ?? []).forEach((person, j) => {
      if (!PERSON_ID.test(person.id ?? '')) problems.push({ field: `${at}.people[${j}].id`, message: 'must be 1–64 letters, digits, _ . @ or -' });
      else if (ids.has(person.id)) problems.push({ field: `${at}.people[${j}].id`, message: `person '${person.id}' appears twice` });
      ids.add(person.id);
      if (!person.name?.trim()) problems.push({ field: `${at}.people[${j}].name`, message: 'is required' });
      if (!person.phone && !person.email) problems.push({ field: `${at}.people[${j}]`, message: 'needs a phone or an e-mail address to be reached' });
    });
  });
  return problems;
}

/**
 * The contacts of one level: the tenant's own entry, else the default (its role, nobody named).
 * An unknown level (a tenant policy naming its own) without contacts reaches nobody.
 */
export function contactsAt(levels: readonly EscalationLevelContacts[], level: string): EscalationLevelContacts {
  return (
    levels.find((l) => l.level === level) ??
    DEFAULT_ESCALATION_LEVELS.find((l) => l.level === level) ?? { level, role: level, people: [] }
  );
}
