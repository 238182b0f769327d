import * as fs from 'node:fs';
import * as path from 'node:path';
import * as contract from '@aftercare/contracts';
import { CATALOG, channelCarries, EXAMPLES_DIR, SCHEMAS_DIR, SchemaValidationError, TOPICS, contractsRegistry } from '@aftercare/contracts';
import { lifecycleOrders } from './__fixtures__/work-order.lifecycles';

const SCHEMAS = SCHEMAS_DIR;
const EXAMPLES = EXAMPLES_DIR;
/** The work order's event types are the schemas whose name starts with its topic's type prefix. */
const CHANNEL = CATALOG.find((c) => c.topic === TOPICS.dispatchWorkOrderEvents)!;
const BASE_FIELDS = ['workOrderId', 'caseId', 'tenantId'];
/**
 * Fields added to a released version: declared but optional (events published before lack them).
 * Everything else is required (absent values are null, never missing).
 */
const ADDED_OPTIONAL: Record<string, string[]> = {
  [contract.WORK_ORDER_ASSIGNED_V1]: ['previousTechnicianId'],
  [contract.WORK_ORDER_CANCELLED_V1]: ['reasonCode'],
  [contract.WORK_ORDER_ESCALATED_V1]: ['level', 'step'],
};

const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8'));
const dispatchTypes = fs
  .readdirSync(SCHEMAS)
  .filter((file) => channelCarries(CHANNEL, file) && file.endsWith('.json'))
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

describe('dispatch work-order contracts', () => {
  it('has one schema per event type the producer declares, and nothing else', () => {
    expect(dispatchTypes).toEqual(Object.values(contract.WORK_ORDER_EVENT_TYPES).sort());
    expect(dispatchTypes).toHaveLength(28);
  });


  it('has an example for every schema', () => {
    const examples = fs.readdirSync(EXAMPLES).filter((f) => channelCarries(CHANNEL, f)).map((f) => f.replace(/\.json$/, ''));
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

  it('every event the domain records in full life cycles validates against its schema, and every type is published', () => {
    const orders = lifecycleOrders();
    const reassigned = orders.find((o) => o.id === 'wo-c')!;
    expect(reassigned.pendingEvents.find((e) => e.type === contract.WORK_ORDER_ASSIGNED_V1 && (e.data as { override: boolean }).override)?.data).toMatchObject({
      technicianId: 'tech-wang-fang',
      previousTechnicianId: 'tech-li-na',
      override: true,
    });

    const seen = new Set<string>();
    const failures: string[] = [];
    for (const o of orders) {
      for (const event of o.pendingEvents) {
        seen.add(event.type);
        // what the relay publishes: the data as JSON
        const published = JSON.parse(JSON.stringify(event.data));
        for (const problem of problems(event.type, published)) failures.push(`${o.id} ${event.type}: ${problem}`);
        expect(event.caseId).toBe(o.caseId);
        expect(published).toMatchObject({ workOrderId: o.id, caseId: o.caseId, tenantId: o.tenantId });
      }
    }
    expect(failures).toEqual([]);
    expect([...seen].sort()).toEqual(dispatchTypes);
  });
});
