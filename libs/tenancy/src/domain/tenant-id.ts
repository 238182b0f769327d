import { IANAZone } from 'luxon';
import { invalidFields, type FieldError } from '@aftercare/ddd';

/**
 * What a tenant id may be: lower-case letters, digits, `-` and `_`, starting with a letter or a
 * digit, 1 to 63 characters. It travels in `ce_tenantid`, in JWT claims, in every document and
 * in database names of tools, so it stays plain.
 */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The wildcard of SLA policies ("every tenant"): never a tenant of its own. */
export const EVERY_TENANT = '*';

/** Why `id` cannot be a tenant id, or undefined when it can. */
export function tenantIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id === '') return 'is required';
  if (id === EVERY_TENANT) return "'*' means every tenant (SLA policies) and is never a tenant";
  if (!TENANT_ID_PATTERN.test(id)) {
    return 'must be 1-63 lower-case letters, digits, "-" or "_", starting with a letter or a digit';
  }
  return undefined;
}

export function isTenantId(id: unknown): id is string {
  return tenantIdProblem(id) === undefined;
}

const NAME_MAX = 200;

/** Whether `zone` is an IANA time zone name this runtime knows (`America/New_York`; not `EST` offsets or blanks). */
export function isTimeZone(zone: unknown): zone is string {
  return typeof zone === 'string' && zone.trim() !== '' && IANAZone.isValidZone(zone);
}

/** The broken fields of a registration (id, display name and, when given, time zone). */
export function registrationProblems(input: { id: unknown; name: unknown; timeZone?: unknown }): FieldError[] {
  const problems: FieldError[] = [];
  const idProblem = tenantIdProblem(input.id);
  if (idProblem) problems.push({ field: 'id', message: idProblem });
  if (typeof input.name !== 'string' || input.name.trim() === '') problems.push({ field: 'name', message: 'is required' });
  else if (input.name.length > NAME_MAX) problems.push({ field: 'name', message: `must be at most ${NAME_MAX} characters` });
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) problems.push({ field: 'timeZone', message: 'must be an IANA time zone, e.g. America/New_York' });
  return problems;
}

/** Throws TENANT_INVALID (422) naming the broken fields. */
export function assertRegistrable(input: { id: unknown; name: unknown; timeZone?: unknown }): void {
  const problems = registrationProblems(input);
  if (problems.length) throw invalidFields('TENANT_INVALID', 'tenant cannot be registered', problems);
}
