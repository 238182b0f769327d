import { CLAIM_URGENCIES, CLOCK_NAMES, PRIORITIES, WEEKDAYS, ZONES } from '@aftercare/sla';

/*
 * The OpenAPI schemas of the SLA configuration bodies. The bodies are checked by hand
 * (sla-config.validation.ts, then the libs/sla validators: 422 with every problem), so these
 * schemas describe exactly that check: the same fields, unknown ones refused.
 */

const LOCAL_TIME = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', example: '08:30' };
const LOCAL_DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', example: '2025-10-01' };
const PERIOD = {
  type: 'object',
  additionalProperties: false,
  required: ['start', 'end'],
  properties: { start: LOCAL_TIME, end: { ...LOCAL_TIME, example: '17:30' } },
};

const CLOCK_DEFINITION = {
  type: 'object',
  additionalProperties: false,
  required: ['targetMinutes', 'calendarId', 'pauseInStates', 'escalationChain'],
  properties: {
    targetMinutes: { type: 'number', minimum: 0, exclusiveMinimum: true, example: 120, description: 'Business minutes on the calendar, more than 0' },
    calendarId: { type: 'string', example: 'cn-standard' },
    pauseInStates: { type: 'array', items: { type: 'string' }, example: ['awaiting_customer'] },
    escalationChain: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['afterMinutesOverdue', 'level'],
        properties: { afterMinutesOverdue: { type: 'number', minimum: 0, example: 0 }, level: { type: 'string', example: 'dispatcher' } },
      },
    },
  },
};

export const SLA_POLICY_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['clocks'],
  description: 'id and tenant come from the path and the token (if given, they must be the same)',
  properties: {
    id: { type: 'string', description: 'The id in the path, if given' },
    tenantId: { type: 'string', description: 'Your tenant, if given' },
    caseType: { type: 'string', example: 'repair' },
    priority: { type: 'string', enum: [...PRIORITIES] },
    agreement: { type: 'string', example: 'premium' },
    zone: { type: 'string', enum: [...ZONES] },
    urgency: { type: 'string', enum: [...CLAIM_URGENCIES] },
    clocks: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: Object.fromEntries(CLOCK_NAMES.map((name) => [name, CLOCK_DEFINITION])),
    },
  },
  example: {
    agreement: 'premium',
    clocks: { reply: { targetMinutes: 60, calendarId: '24x7', pauseInStates: [], escalationChain: [{ afterMinutesOverdue: 0, level: 'dispatcher' }] } },
  },
};

export const BUSINESS_CALENDAR_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['timeZone', 'mode', 'week', 'holidays'],
  description: 'The id comes from the path (if given, it must be the same)',
  properties: {
    id: { type: 'string', description: 'The id in the path, if given' },
    timeZone: { type: 'string', example: 'Asia/Shanghai', description: 'IANA time zone' },
    mode: { type: 'string', enum: ['business_hours', '24x7'] },
    week: {
      type: 'object',
      additionalProperties: false,
      required: [...WEEKDAYS],
      properties: Object.fromEntries(WEEKDAYS.map((day) => [day, { type: 'array', items: PERIOD }])),
    },
    holidays: { type: 'array', items: LOCAL_DATE },
    extraWorkingDays: { type: 'array', items: { ...LOCAL_DATE, example: '2025-09-28' } },
    extraWorkingDayHours: { type: 'array', items: PERIOD },
  },
  example: {
    timeZone: 'Asia/Shanghai',
    mode: 'business_hours',
    week: {
      mon: [{ start: '08:30', end: '17:30' }],
      tue: [{ start: '08:30', end: '17:30' }],
      wed: [{ start: '08:30', end: '17:30' }],
      thu: [{ start: '08:30', end: '17:30' }],
      fri: [{ start: '08:30', end: '17:30' }],
      sat: [],
      sun: [],
    },
    holidays: ['2025-10-01'],
  },
};
