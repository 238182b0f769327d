import { WEEKDAYS } from '@aftercare/sla';
import { ALL_TENANTS } from '../infrastructure/sla-config.store';

/*
 * The libs/sla validators check the meaning of a policy or calendar and assume its shape. A
 * request body can be anything, so its shape is checked here first: every problem is reported,
 * nothing throws.
 */

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): boolean => Array.isArray(value) && value.every((v) => typeof v === 'string');

const POLICY_KEYS = ['id', 'tenantId', 'caseType', 'priority', 'agreement', 'zone', 'urgency', 'clocks'];
const DEFINITION_KEYS = ['targetMinutes', 'calendarId', 'pauseInStates', 'escalationChain'];
const STEP_KEYS = ['afterMinutesOverdue', 'level'];
const CALENDAR_KEYS = ['id', 'timeZone', 'mode', 'week', 'holidays', 'extraWorkingDays', 'extraWorkingDayHours'];
const PERIOD_KEYS = ['start', 'end'];

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): string[] {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where}has unknown field '${k}'`);
}

function ownership(body: Record<string, unknown>, id: string, tenantId: string, what: string): string[] {
  const problems: string[] = [];
  if (tenantId === ALL_TENANTS) problems.push(`the defaults (tenant '*') are seeded from code and cannot be changed here`);
  if (body.id !== undefined && body.id !== id) problems.push(`${what} id '${String(body.id)}' differs from the id in the path '${id}'`);
  return problems;
}

export function policyShapeProblems(body: unknown, id: string, tenantId: string): string[] {
  if (!isObject(body)) return ['the body must be a JSON object'];
  const problems = [...ownership(body, id, tenantId, 'policy'), ...unknownKeys(body, POLICY_KEYS, '')];
  if (body.tenantId !== undefined && body.tenantId !== tenantId) problems.push(`tenantId must be your tenant '${tenantId}' (or left out)`);
  for (const key of ['caseType', 'priority', 'agreement', 'zone', 'urgency']) {
    if (body[key] !== undefined && typeof body[key] !== 'string') problems.push(`${key} must be a string`);
  }
  if (!isObject(body.clocks)) return [...problems, 'clocks must be an object of clock definitions'];
  if (Object.keys(body.clocks).length === 0) problems.push('clocks must define at least one clock');
  for (const [name, definition] of Object.entries(body.clocks)) {
    const where = `clock '${name}' `;
    if (!isObject(definition)) {
      problems.push(`${where}must be an object`);
      continue;
    }
    problems.push(...unknownKeys(definition, DEFINITION_KEYS, where));
    if (typeof definition.targetMinutes !== 'number') problems.push(`${where}targetMinutes must be a number`);
    if (typeof definition.calendarId !== 'string') problems.push(`${where}calendarId must be a string`);
    if (!isStringList(definition.pauseInStates)) problems.push(`${where}pauseInStates must be a list of states`);
    if (!Array.isArray(definition.escalationChain)) {
      problems.push(`${where}escalationChain must be a list`);
      continue;
    }
    definition.escalationChain.forEach((step, i) => {
      if (!isObject(step) || typeof step.afterMinutesOverdue !== 'number' || typeof step.level !== 'string') {
        problems.push(`${where}escalation step ${i} must be { afterMinutesOverdue: number, level: string }`);
      } else problems.push(...unknownKeys(step, STEP_KEYS, `${where}escalation step ${i} `));
    });
  }
  return problems;
}

function periodProblems(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) return [`${where} must be a list of { start, end } periods`];
  // Closed like the rest: an unknown field would otherwise reach the stored calendar and the
  // tenant-settings event, whose schema refuses it (a 500 the fuzzer found).
  return value.flatMap((p, i) =>
    isObject(p) && typeof p.start === 'string' && typeof p.end === 'string'
      ? unknownKeys(p, PERIOD_KEYS, `${where}[${i}] `)
      : [`${where}[${i}] must be { start: 'HH:mm', end: 'HH:mm' }`],
  );
}

export function calendarShapeProblems(body: unknown, id: string, tenantId: string): string[] {
  if (!isObject(body)) return ['the body must be a JSON object'];
  const problems = [...ownership(body, id, tenantId, 'calendar'), ...unknownKeys(body, CALENDAR_KEYS, '')];
  if (typeof body.timeZone !== 'string') problems.push('timeZone must be an IANA time zone name');
  if (typeof body.mode !== 'string') problems.push("mode must be 'business_hours' or '24x7'");
  if (!isObject(body.week)) problems.push('week must be an object with mon..sun lists of periods');
  else {
    problems.push(...unknownKeys(body.week, WEEKDAYS, 'week '));
    for (const day of WEEKDAYS) problems.push(...periodProblems(body.week[day], `week.${day}`));
  }
  if (!isStringList(body.holidays)) problems.push('holidays must be a list of YYYY-MM-DD dates');
  if (body.extraWorkingDays !== undefined && !isStringList(body.extraWorkingDays)) problems.push('extraWorkingDays must be a list of YYYY-MM-DD dates');
  if (body.extraWorkingDayHours !== undefined) problems.push(...periodProblems(body.extraWorkingDayHours, 'extraWorkingDayHours'));
  return problems;
}
