import * as fs from 'node:fs';
import * as path from 'node:path';
import * as contract from '@aftercare/contracts';
import { SchemaValidationError, contractsRegistry } from '@aftercare/contracts';
import { EXAMPLES_DIR, SCHEMAS_DIR } from '@aftercare/contracts';
import { Technician } from '../../technician/domain';
import * as domain from '.';

const SCHEMAS = SCHEMAS_DIR;
const EXAMPLES = EXAMPLES_DIR;
const PREFIX = 'aftercare.dispatch.work-order.';
const BASE_FIELDS = ['workOrderId', 'caseId', 'tenantId'];
/**
 * Fields added to a released version: declared but optional (events published before lack them).
 * Everything else is required (absent values are null, never missing).
 */
const ADDED_OPTIONAL: Record<string, string[]> = {
  [contract.WORK_ORDER_ASSIGNED_V1]: ['previousTechnicianId'],
};

const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8'));
const dispatchTypes = fs
  .readdirSync(SCHEMAS)
  .filter((file) => file.startsWith(PREFIX) && file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''))
  .sort();

/** The violations the contracts registry (the one producers and consumers use) finds; [] when valid. */
function problems(type: string, data: unknown): string[] {
  try {
    contractsRegistry().assertValid(type, data);
    return [];
  } catch (error) {
    if (error instanceof SchemaValidationError) return error.violations.map((v) => `${v.path || '/'} ${v.message}`);
    return [(error as Error).message];
  }
}
const example = (type: string) => readJson(path.join(EXAMPLES, `${type}.json`));

// Compile-time: the consumer copy of every data shape is identical to the producer's (tsc fails otherwise).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type ProducerData = domain.WorkOrderEventDataMap;
type ConsumerData<K extends keyof ProducerData> = contract.WorkOrderEventDataV1[(typeof contract.WORK_ORDER_EVENT_TYPES)[K]];
const sameShapes: { [K in keyof ProducerData]: Equal<ProducerData[K], ConsumerData<K>> } = {
  created: true,
  assigned: true,
  unassigned: true,
  accepted: true,
  declined: true,
  scheduled: true,
  enRoute: true,
  onSite: true,
  started: true,
  awaitingParts: true,
  resumed: true,
  completed: true,
  carriedIn: true,
  repairCardUpdated: true,
  repaired: true,
  returned: true,
  verified: true,
  reworkRequired: true,
  closed: true,
  cancelled: true,
  escalated: true,
  arrivalDeadlineBreached: true,
  completionOverdue: true,
  repeatRepairDetected: true,
};

describe('dispatch work-order contracts', () => {
  it('has one schema per event type the producer declares, and nothing else', () => {
    expect(dispatchTypes).toEqual(Object.values(contract.WORK_ORDER_EVENT_TYPES).sort());
    expect(dispatchTypes).toHaveLength(24);
  });

  it('the consumer copy of the type names matches the producer definition', () => {
    expect(contract.WORK_ORDER_EVENT_TYPES).toEqual(domain.WorkOrderEventTypes);
    expect(Object.keys(sameShapes).sort()).toEqual(Object.keys(domain.WorkOrderEventTypes).sort());
  });

  it('has an example for every schema', () => {
    const examples = fs.readdirSync(EXAMPLES).filter((f) => f.startsWith(PREFIX)).map((f) => f.replace(/\.json$/, ''));
    expect(examples.sort()).toEqual(dispatchTypes);
  });

  describe.each(dispatchTypes)('%s', (type) => {
    const schema = readJson(path.join(SCHEMAS, `${type}.json`));

    it('is a closed draft 2020-12 schema with the aftercare $id, every field declared and required but the later additions', () => {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://aftercare.dev/schemas/${type}.json`);
      expect(schema.title).toBe(type);
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(false);
      expect((schema.required as string[]).slice(0, 3)).toEqual(BASE_FIELDS);
      const optional = ADDED_OPTIONAL[type] ?? [];
      for (const field of optional) expect(schema.required as string[]).not.toContain(field);
      expect([...(schema.required as string[]), ...optional].sort()).toEqual(Object.keys(schema.properties as object).sort());
    });

    it('accepts its example without the fields added later (events published before them)', () => {
      const older = example(type);
      for (const field of ADDED_OPTIONAL[type] ?? []) delete older[field];
      expect(problems(type, older)).toEqual([]);
    });

    it('accepts its example', () => {
      expect(problems(type, example(type))).toEqual([]);
    });

    it('rejects the example with an unknown field or without any base field', () => {
      const ex = example(type);
      expect(problems(type, { ...ex, surprise: true })).not.toEqual([]);
      for (const field of BASE_FIELDS) {
        const without: Record<string, unknown> = { ...ex };
        delete without[field];
        expect(problems(type, without)).not.toEqual([]);
        expect(problems(type, { ...ex, [field]: '' })).not.toEqual([]);
      }
    });
  });

  it('checks formats, enums, ranges and nested shapes', () => {
    const created = example(contract.WORK_ORDER_CREATED_V1);
    const site = created.site as Record<string, unknown>;
    expect(problems(contract.WORK_ORDER_CREATED_V1, { ...created, arrivalDeadline: '10 March 2025' })).not.toEqual([]);
    expect(problems(contract.WORK_ORDER_CREATED_V1, { ...created, priority: 'P5' })).not.toEqual([]);
    expect(problems(contract.WORK_ORDER_CREATED_V1, { ...created, type: 'consultation' })).not.toEqual([]);
    expect(problems(contract.WORK_ORDER_CREATED_V1, { ...created, site: { ...site, zone: 'downtown' } })).not.toEqual([]);
    expect(problems(contract.WORK_ORDER_CREATED_V1, { ...created, site: { ...site, lat: 91 } })).not.toEqual([]);

    const parts = example(contract.WORK_ORDER_AWAITING_PARTS_V1);
    expect(problems(contract.WORK_ORDER_AWAITING_PARTS_V1, { ...parts, parts: [] })).not.toEqual([]);
    expect(problems(contract.WORK_ORDER_AWAITING_PARTS_V1, { ...parts, parts: [{ partNo: 'X', quantity: 0 }] })).not.toEqual([]);
    expect(problems(contract.WORK_ORDER_AWAITING_PARTS_V1, { ...parts, parts: [{ partNo: 'X', quantity: 1 }] })).toEqual([]);

    const completed = example(contract.WORK_ORDER_COMPLETED_V1);
    const report = completed.report as Record<string, unknown>;
    const withReport = (r: Record<string, unknown>) => ({ ...completed, report: r });
    const { faultCause: _omitted, ...noCause } = report;
    expect(problems(contract.WORK_ORDER_COMPLETED_V1, withReport(noCause))).not.toEqual([]);
    expect(problems(contract.WORK_ORDER_COMPLETED_V1, withReport({ ...report, partsReplaced: [] }))).toEqual([]);
    expect(problems(contract.WORK_ORDER_COMPLETED_V1, withReport({ ...report, labourHours: -1 }))).not.toEqual([]);
    expect(
      problems(contract.WORK_ORDER_COMPLETED_V1, withReport({ ...report, partsReplaced: [{ partNo: 'X', quantity: 1, colour: 'red' }] })),
    ).not.toEqual([]);

    const escalated = example(contract.WORK_ORDER_ESCALATED_V1);
    expect(problems(contract.WORK_ORDER_ESCALATED_V1, { ...escalated, reason: 'boredom' })).not.toEqual([]);
    expect(problems(contract.WORK_ORDER_ESCALATED_V1, { ...escalated, status: 'lost' })).not.toEqual([]);
    expect(problems(contract.WORK_ORDER_ESCALATED_V1, { ...escalated, technicianId: undefined })).not.toEqual([]);
  });

  it('every event the domain records in full life cycles validates against its schema', () => {
    const t = (iso: string) => new Date(iso);
    const calendar = {
      timeZone: 'Asia/Shanghai',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ start: '08:00', end: '18:00' }]])),
      daysOff: [],
    };
    const technician = (id: string, lat: number, lng: number, zones: ('city' | 'suburb' | 'remote')[]) =>
      Technician.register({
        id,
        tenantId: 'acme-service',
        name: id,
        skills: ['pump-mechanical'],
        productLines: ['centrifugal-pumps'],
        zones,
        baseLocation: { lat, lng },
        shiftCalendar: calendar,
        capacity: 4,
      });
    const wang = technician('tech-wang-fang', 31.2304, 121.4737, ['city']);
    const li = technician('tech-li-na', 31.1443, 121.8083, ['city', 'suburb']);
    const remote = technician('tech-zhou-min', 30.9, 121.9, ['remote']);
    const input = {
      tenantId: 'acme-service',
      type: 'repair' as const,
      priority: 'P1' as const,
      site: { address: '88 Riverside Road, Pudong, Shanghai', lat: 31.2397, lng: 121.4998, zone: 'city' as const },
      product: { model: 'CP-200', line: 'centrifugal-pumps' },
      serialNo: 'CP200-2024-00871',
      requiredSkills: ['pump-mechanical'],
      arrivalDeadline: t('2025-03-10T14:00:00Z'),
      completionDeadline: t('2025-03-12T10:00:00Z'),
    };
    const report = {
      faultCause: 'Mechanical seal worn by dry running',
      faultCategory: 'seal-leak',
      resolution: 'Replaced the mechanical seal',
      partsReplaced: [{ partNo: 'SEAL-22', quantity: 1, serialOut: 'SL-1', serialIn: 'SL-2' }],
      labourHours: 2.5,
      travelHours: 1,
      customerAcceptance: { name: 'Li Wei', signedAt: t('2025-03-11T06:40:00Z'), signatureRef: 'sig/1.png' },
    };
    const orders: domain.WorkOrder[] = [];

    // 1. Field path: no candidate, assigned, declined, overridden, parts, rework, verified, closed.
    const a = domain.WorkOrder.create({ ...input, id: 'wo-a', caseId: 'sr-a', at: t('2025-03-10T08:04:00Z') });
    a.autoAssign([remote], { now: t('2025-03-10T08:04:00Z') });
    a.autoAssign([wang, li, remote], { now: t('2025-03-10T08:20:00Z') });
    a.decline({ technicianId: a.technicianId as string, reason: 'Busy', at: t('2025-03-10T08:26:00Z') });
    a.overrideAssign({ technician: li, dispatcherId: 'disp-1', reason: 'Knows the site', context: { now: t('2025-03-10T08:31:00Z') } });
    a.accept({ technicianId: 'tech-li-na', at: t('2025-03-10T08:33:00Z') });
    a.schedule({ windowStart: t('2025-03-10T11:00:00Z'), windowEnd: t('2025-03-10T13:00:00Z'), agreedWith: 'Li Wei', at: t('2025-03-10T08:40:00Z') });
    a.schedule({ windowStart: t('2025-03-10T12:00:00Z'), windowEnd: t('2025-03-10T13:00:00Z'), at: t('2025-03-10T09:40:00Z') });
    a.departForSite({ estimatedArrivalAt: null, at: t('2025-03-10T11:50:00Z') });
    a.arriveOnSite({ at: t('2025-03-10T12:32:00Z') });
    a.startWork({ at: t('2025-03-10T12:40:00Z') });
    a.awaitParts({ parts: [{ partNo: 'SEAL-22', quantity: 1, description: 'Seal' }, { partNo: 'GSK', quantity: 2 }], at: t('2025-03-10T13:15:00Z') });
    a.resumeWork({ at: t('2025-03-11T05:10:00Z') });
    a.escalate({ note: 'Need a second pair of hands', raisedBy: 'tech-li-na', at: t('2025-03-11T05:20:00Z') });
    a.complete({ report, at: t('2025-03-11T06:45:00Z') });
    a.requireRework({ inspectedBy: 'qc-1', reason: 'Weeping seal', at: t('2025-03-11T08:00:00Z') });
    a.complete({ report: { ...report, partsReplaced: [] }, at: t('2025-03-11T09:30:00Z') });
    a.verify({ verifiedBy: 'qc-1', at: t('2025-03-11T10:00:00Z') });
    a.close({ closedBy: 'disp-1', at: t('2025-03-11T10:05:00Z') });
    orders.push(a);

    // 2. Carry-in on the same asset, completed late, a repeat repair of order 1.
    const b = domain.WorkOrder.create({ ...input, id: 'wo-b', caseId: 'sr-b', priority: 'P2', arrivalDeadline: t('2025-03-21T09:00:00Z'), completionDeadline: t('2025-03-22T09:00:00Z'), at: t('2025-03-21T02:10:00Z') });
    b.autoAssign([wang, li], { now: t('2025-03-21T02:15:00Z'), lastTechnicianId: 'tech-li-na', repeatRepair: true });
    b.accept({ technicianId: b.technicianId as string, at: t('2025-03-21T02:20:00Z') });
    b.schedule({ windowStart: t('2025-03-21T05:00:00Z'), windowEnd: t('2025-03-21T07:00:00Z'), at: t('2025-03-21T02:30:00Z') });
    b.departForSite({ at: t('2025-03-21T04:40:00Z') });
    b.arriveOnSite({ at: t('2025-03-21T05:05:00Z') });
    b.carryIn({ receiptNo: 'RCPT-1', promisedReturnDate: t('2025-03-24T09:00:00Z'), at: t('2025-03-21T06:00:00Z') });
    b.startRepair({ at: t('2025-03-22T01:30:00Z') });
    b.updateRepairCard({ actualHours: 4.5, parts: [{ partNo: 'SEAL-22', quantity: 1 }], notes: null, at: t('2025-03-22T07:00:00Z') });
    b.markRepaired({ inspectedBy: 'disp-1', at: t('2025-03-22T09:30:00Z') });
    b.returnToCustomer({ signature: { name: 'Li Wei', signedAt: t('2025-03-24T10:15:00Z'), signatureRef: 'sig/2.png' }, at: t('2025-03-24T10:15:00Z') });
    b.complete({ report: { ...report, customerAcceptance: undefined }, at: t('2025-03-24T10:20:00Z') });
    b.checkRepeatRepair([a.toCompletedRepair() as domain.CompletedRepair], { at: t('2025-03-24T10:21:00Z') });
    orders.push(b);

    // 3. Deadlines missed while waiting, then cancelled — after a dispatcher's reassignment.
    const c = domain.WorkOrder.create({ ...input, id: 'wo-c', caseId: 'sr-c', type: 'maintenance', at: t('2025-03-10T02:00:00Z') });
    c.autoAssign([li], { now: t('2025-03-10T02:05:00Z') });
    c.accept({ technicianId: 'tech-li-na', at: t('2025-03-10T02:07:00Z') });
    c.reassign({ technician: wang, dispatcherId: 'disp-1', reason: 'Li Na is off sick', context: { now: t('2025-03-10T02:09:00Z') } });
    expect(c.pendingEvents.at(-1)?.data).toMatchObject({ technicianId: 'tech-wang-fang', previousTechnicianId: 'tech-li-na', override: true });
    c.checkDeadlines(t('2025-03-10T15:00:00Z'));
    c.checkDeadlines(t('2025-03-13T09:30:00Z'));
    c.cancel({ reason: 'Postponed', cancelledBy: 'agent-1', at: t('2025-03-13T10:00:00Z') });
    orders.push(c);

    const seen = new Set<string>();
    const failures: string[] = [];
    for (const o of orders) {
      for (const event of o.pendingEvents) {
        seen.add(event.type);
        // what the relay publishes: the data as JSON
        const published = JSON.parse(JSON.stringify(event.data));
        for (const problem of problems(event.type, published)) failures.push(`${o.id} ${event.type}: ${problem}`);
        expect(event.caseId).toBe(o.caseId);
        expect(published).toMatchObject({ workOrderId: o.id, caseId: o.caseId, tenantId: 'acme-service' });
      }
    }
    expect(failures).toEqual([]);
    expect([...seen].sort()).toEqual(dispatchTypes);
  });
});
