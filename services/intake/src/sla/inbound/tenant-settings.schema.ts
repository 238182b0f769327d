import { REQUESTED_TYPES, ROUTING_TARGETS } from '@aftercare/tenant-settings';

/* OpenAPI schemas of the escalation-contacts and case-handling bodies: what tenant-settings.controller checks, unknown fields refused. */

const PERSON = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  description: 'Needs a phone or an e-mail address',
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$', example: 'mgr-wang' },
    name: { type: 'string', minLength: 1, example: 'Wang Fang' },
    phone: { type: 'string', nullable: true, example: '+86 21 5555 0301' },
    email: { type: 'string', nullable: true, example: 'wang.fang@example.com' },
    preferredChannel: { type: 'string', nullable: true, enum: ['sms', 'email', 'wechat', 'phone'] },
  },
};

export const ESCALATION_CONTACTS_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['levels'],
  properties: {
    levels: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['level', 'role', 'people'],
        properties: {
          level: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$', example: 'service_manager' },
          role: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$', example: 'manager' },
          people: { type: 'array', maxItems: 50, items: PERSON },
        },
      },
    },
  },
  example: {
    levels: [
      { level: 'dispatcher', role: 'dispatcher', people: [{ id: 'disp-zhao', name: 'Zhao Lei', phone: '+86 21 5555 0201' }] },
      { level: 'service_manager', role: 'manager', people: [{ id: 'mgr-wang', name: 'Wang Fang', email: 'wang.fang@example.com' }] },
      { level: 'deputy_gm', role: 'manager', people: [{ id: 'dgm-chen', name: 'Chen Jie', phone: '+86 21 5555 0001' }] },
    ],
  },
};

const PRIORITY = { type: 'string', enum: ['P1', 'P2', 'P3', 'P4'] };
const ROW = { type: 'object', additionalProperties: false, properties: { high: PRIORITY, normal: PRIORITY, low: PRIORITY } };

export const CASE_HANDLING_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'Replaces the case handling; an absent field takes the deployment value',
  properties: {
    priorityMatrix: { type: 'object', additionalProperties: false, properties: { critical: ROW, major: ROW, minor: ROW } },
    duplicateWindowHours: { type: 'number', minimum: 0, example: 48 },
    confirmationSilenceDays: { type: 'number', minimum: 0, example: 7 },
    routingOverrides: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(REQUESTED_TYPES.map((t) => [t, { type: 'string', enum: [...ROUTING_TARGETS] }])),
    },
  },
  example: { duplicateWindowHours: 48, routingOverrides: { service_complaint: 'agent' } },
};
