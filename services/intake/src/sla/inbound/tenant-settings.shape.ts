import type { FieldError } from '@aftercare/ddd';

/*
 * The shape of the escalation-contacts and case-handling bodies (types and known fields); the
 * values are checked by the domain (libs/tenant-settings). Every problem is reported at once.
 */

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function closed(value: Record<string, unknown>, allowed: readonly string[], at: string, problems: FieldError[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push({ field: at ? `${at}.${key}` : key, message: 'is not a known field' });
}

const PERSON_FIELDS = ['id', 'name', 'phone', 'email', 'preferredChannel'];
const CHANNELS = ['sms', 'email', 'wechat', 'phone'];

export function escalationContactsShapeProblems(body: unknown): FieldError[] {
  const problems: FieldError[] = [];
  if (!isObject(body)) return [{ field: 'body', message: 'must be an object with levels' }];
  closed(body, ['levels'], '', problems);
  if (!Array.isArray(body.levels)) return [...problems, { field: 'levels', message: 'must be an array' }];
  body.levels.forEach((entry, i) => {
    const at = `levels[${i}]`;
    if (!isObject(entry)) return void problems.push({ field: at, message: 'must be an object' });
    closed(entry, ['level', 'role', 'people'], at, problems);
    for (const key of ['level', 'role']) if (typeof entry[key] !== 'string') problems.push({ field: `${at}.${key}`, message: 'must be a string' });
    if (!Array.isArray(entry.people)) return void problems.push({ field: `${at}.people`, message: 'must be an array' });
    entry.people.forEach((person, j) => {
      const p = `${at}.people[${j}]`;
      if (!isObject(person)) return void problems.push({ field: p, message: 'must be an object' });
      closed(person, PERSON_FIELDS, p, problems);
      for (const key of ['id', 'name']) if (typeof person[key] !== 'string') problems.push({ field: `${p}.${key}`, message: 'must be a string' });
      for (const key of ['phone', 'email'])
        if (person[key] !== undefined && person[key] !== null && typeof person[key] !== 'string') problems.push({ field: `${p}.${key}`, message: 'must be a string or null' });
      if (person.preferredChannel !== undefined && person.preferredChannel !== null && !CHANNELS.includes(person.preferredChannel as string))
        problems.push({ field: `${p}.preferredChannel`, message: `must be one of ${CHANNELS.join(', ')} or null` });
    });
  });
  return problems;
}

export function caseHandlingShapeProblems(body: unknown): FieldError[] {
  const problems: FieldError[] = [];
  if (!isObject(body)) return [{ field: 'body', message: 'must be an object' }];
  closed(body, ['priorityMatrix', 'duplicateWindowHours', 'confirmationSilenceDays', 'routingOverrides'], '', problems);
  for (const key of ['duplicateWindowHours', 'confirmationSilenceDays'])
    if (body[key] !== undefined && typeof body[key] !== 'number') problems.push({ field: key, message: 'must be a number' });
  if (body.priorityMatrix !== undefined) {
    if (!isObject(body.priorityMatrix)) problems.push({ field: 'priorityMatrix', message: 'must be an object' });
    else
      for (const [severity, row] of Object.entries(body.priorityMatrix))
        if (!isObject(row)) problems.push({ field: `priorityMatrix.${severity}`, message: 'must be an object' });
  }
  if (body.routingOverrides !== undefined) {
    if (!isObject(body.routingOverrides)) problems.push({ field: 'routingOverrides', message: 'must be an object' });
    else
      for (const [type, target] of Object.entries(body.routingOverrides))
        if (typeof target !== 'string') problems.push({ field: `routingOverrides.${type}`, message: 'must be a string' });
  }
  return problems;
}
