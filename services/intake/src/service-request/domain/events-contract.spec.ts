import * as fs from 'node:fs';
import * as path from 'node:path';
import * as contract from '@aftercare/contracts';
import { SchemaValidationError, contractsRegistry } from '@aftercare/contracts';
import { EXAMPLES_DIR as EXAMPLES, SCHEMAS_DIR as SCHEMAS } from '@aftercare/contracts';
import { clockEscalatedMessage } from '../../sla/application/clock-escalated';
import * as domain from '.';

/** The type prefix of intake's service-request channel, from the contract catalogue. */
const CHANNEL = contract.CATALOG.find((entry) => entry.topic === contract.TOPICS.intakeServiceRequestEvents)!;

const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8'));
const intakeTypes = fs
  .readdirSync(SCHEMAS)
  .filter((file) => contract.channelCarries(CHANNEL, file) && file.endsWith('.json'))
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

describe('intake service-request contracts', () => {
  it('has one schema per event type the producer declares, and nothing else', () => {
    expect(intakeTypes).toEqual(Object.values(contract.SERVICE_REQUEST_EVENT_TYPES).sort());
  });

  it('the domain records the event types of the contract', () => {
    expect(contract.SERVICE_REQUEST_EVENT_TYPES).toEqual(domain.SERVICE_REQUEST_EVENT_TYPES);
  });

  describe.each(intakeTypes)('%s', (type) => {
    const schema = readJson(path.join(SCHEMAS, `${type}.json`));

    it('is a closed draft 2020-12 schema with the aftercare $id', () => {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://aftercare.dev/schemas/${type}.json`);
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required).toEqual(expect.arrayContaining(['caseId', 'tenantId']));
      // every required field is declared
      expect(Object.keys(schema.properties as object)).toEqual(expect.arrayContaining(schema.required as string[]));
    });

    it('accepts its example', () => {
      const example = readJson(path.join(EXAMPLES, `${type}.json`));
      expect(problems(type, example)).toEqual([]);
    });

    it('rejects the example with an unknown field or without caseId', () => {
      const example = readJson(path.join(EXAMPLES, `${type}.json`));
      expect(problems(type, { ...example, surprise: true })).not.toEqual([]);
      const withoutCaseId: Record<string, unknown> = { ...example };
      delete withoutCaseId.caseId;
      expect(problems(type, withoutCaseId)).not.toEqual([]);
    });
  });

  it('checks formats, enums and the entitlement / fee class pairing', () => {
    const registered = readJson(path.join(EXAMPLES, `${contract.SERVICE_REQUEST_REGISTERED_V1}.json`));
    const customer = registered.customer as Record<string, unknown>;
    const entitlement = registered.entitlement as Record<string, unknown>;
    const type = contract.SERVICE_REQUEST_REGISTERED_V1;
    expect(problems(type, { ...registered, receivedAt: '10 March 2025' })).not.toEqual([]);
    expect(problems(type, { ...registered, customer: { ...customer, email: 'not-an-email' } })).not.toEqual([]);
    expect(problems(type, { ...registered, customer: { ...customer, zone: 'downtown' } })).not.toEqual([]);
    expect(problems(type, { ...registered, product: { ...(registered.product as object), purchaseDate: '2024-02-30' } })).not.toEqual([]);
    expect(problems(type, { ...registered, requestedType: 'miracle' })).not.toEqual([]);
    expect(problems(type, { ...registered, entitlement: { ...entitlement, entitlement: 'unknown', feeClass: 'C' } })).not.toEqual([]);
    expect(problems(type, { ...registered, entitlement: { ...entitlement, feeClass: null } })).not.toEqual([]);
    expect(problems(type, { ...registered, entitlement: { ...entitlement, entitlement: 'unknown', feeClass: null, reason: 'model_mismatch' } })).toEqual([]);
    const rejected = readJson(path.join(EXAMPLES, `${contract.SERVICE_REQUEST_REJECTED_V1}.json`));
    expect(problems(contract.SERVICE_REQUEST_REJECTED_V1, { ...rejected, duplicateOf: null })).not.toEqual([]);
    expect(problems(contract.SERVICE_REQUEST_REJECTED_V1, { ...rejected, reason: 'invalid', duplicateOf: null })).toEqual([]);
  });

  it('every event the domain records in full life cycles validates against its schema', () => {
    const at = (minutes: number) => new Date(Date.UTC(2025, 2, 10, 8, minutes));
    const input = {
      tenantId: 'acme-service',
      channel: 'crm' as const,
      externalRef: 'CRM-REQ-1',
      customer: {
        customerId: 'CRM-C-1',
        name: 'Donghai Water Works',
        contactPerson: 'Li Wei',
        phone: '+86 21 5555 0101',
        email: 'li.wei@donghai-water.example',
        address: '88 Riverside Road',
        zone: 'city' as const,
      },
      product: { model: 'CP-200', serialNumber: 'CP200-1', purchaseDate: '2024-06-01' },
      problemDescription: 'Pump leaks',
      attachments: [{ id: 'att-1', name: 'leak.jpg', uri: 'https://files.example/att-1' }],
      requestedType: 'repair' as const,
      preferredTime: { from: at(600), to: null },
    };
    const entitlement = domain.decideEntitlement({
      installedBase: { serialNumber: 'CP200-1', productModel: 'CP-200', purchaseDate: '2024-06-01', warrantyEnd: '2026-05-31' },
      productModel: 'CP-200',
      caseDate: at(0),
    });
    const cases: domain.ServiceRequest[] = [];

    // 1. CRM repair under warranty, every step to closure, reopened after a low score, closed again.
    const main = domain.ServiceRequest.receive({ ...input, id: 'sr-1', receivedAt: at(0) });
    cases.push(main);
    main.updateDetails({ customer: { contactPerson: 'Wang Fang' }, at: at(0) });
    main.flagMisuse({ at: at(0) });
    main.register({ severity: 'major', urgency: 'high', entitlement, at: at(1) });
    main.acknowledge({ at: at(2) });
    main.route({ at: at(3) });
    main.recordSlaBreach({ clock: 'technician_arranged', dueAt: at(4), at: at(5) });
    main.escalate({ level: 1, reason: 'sla_breach', at: at(5) });
    main.flagQualityProblem({ source: 'agent', at: at(6) });
    main.startWork({ kind: 'work_order', reference: 'wo-1', at: at(30) });
    main.addInformation({ text: 'Photo of the nameplate', attachments: [{ id: 'att-2', name: 'plate.png', uri: 'https://files.example/att-2', contentType: 'image/png' }], addedBy: 'agent-7', at: at(31) });
    main.reclassify({ severity: 'critical', urgency: 'high', at: at(32) });
    main.setEntitlement({ entitlement: { entitlement: 'contract', feeClass: 'B', reason: 'contract_valid', contractId: 'SC-1' }, at: at(33) });
    main.completeWork({ reference: 'wo-1', at: at(300) });
    main.resolve({ summary: 'Seal replaced', at: at(300) });
    main.close({ reason: 'survey_completed', at: at(3000) });
    main.reopen({ reason: 'low_survey_score', note: 'Arrival rated 1/4', at: at(3001) });
    main.route({ at: at(3002) });
    main.startWork({ kind: 'claim', reference: 'qc-1', at: at(3003) });
    main.completeWork({ reference: 'qc-1', at: at(4000) });
    main.resolve({ at: at(4000) });
    main.confirm({ bySilence: true, at: at(4000 + 7 * 24 * 60) });
    main.close({ reason: 'manual', at: at(4000 + 8 * 24 * 60) });

    // 2. A duplicate merged into an open case.
    const open = domain.ServiceRequest.receive({ ...input, id: 'sr-2', receivedAt: at(0) });
    open.register({ severity: 'minor', urgency: 'low', entitlement, at: at(1) });
    const dup = domain.ServiceRequest.receive({ ...input, id: 'sr-3', channel: 'phone', externalRef: null, receivedAt: at(60) });
    const survivor = domain.findDuplicate(dup.duplicateProbe, [open.duplicateProbe]);
    expect(survivor?.id).toBe('sr-2');
    dup.markDuplicateOf({ survivor: open, at: at(61) });
    open.linkDuplicate({ duplicate: dup, at: at(61) });
    cases.push(open, dup);

    // 3. An incomplete CTI call, completed, then an invalid one and a cancelled one.
    const cti = domain.ServiceRequest.receive({ id: 'sr-4', tenantId: 'acme-service', channel: 'cti', customer: { phone: '+86 10 1234' }, receivedAt: at(0) });
    cti.updateDetails({ customer: { email: 'x@y.example' }, at: at(1) });
    cti.recordSlaBreach({ clock: 'reply', dueAt: at(2), at: at(3) });
    cti.reject({ note: 'Wrong number', at: at(4) });
    const cancelled = domain.ServiceRequest.receive({ ...input, id: 'sr-5', requestedType: 'consultation', receivedAt: at(0) });
    cancelled.register({ severity: 'minor', urgency: 'normal', entitlement: domain.decideEntitlement({ installedBase: null, caseDate: at(0) }), at: at(1) });
    cancelled.acknowledge({ at: at(2) });
    cancelled.route({ at: at(3) });
    cancelled.startWork({ kind: 'agent', reference: 'agent-7', at: at(4) });
    cancelled.cancel({ reason: 'Customer found the answer in the manual', cancelledBy: 'customer', at: at(5) });
    cases.push(cti, cancelled);

    // 4. Internal work (class D): routed and resolved go out as v2.
    const inspection = domain.ServiceRequest.receive({ ...input, id: 'sr-6', requestedType: 'maintenance', receivedAt: at(0) });
    inspection.register({ severity: 'minor', urgency: 'normal', entitlement, internalWork: true, at: at(1) });
    inspection.acknowledge({ at: at(2) });
    inspection.route({ at: at(3) });
    inspection.startWork({ kind: 'work_order', reference: 'wo-6', at: at(30) });
    inspection.completeWork({ reference: 'wo-6', at: at(120) });
    inspection.resolve({ summary: 'Tooling inspected', at: at(120) });
    cases.push(inspection);

    const seen = new Set<string>();
    const failures: string[] = [];
    for (const c of cases) {
      for (const event of c.pendingEvents) {
        seen.add(event.type);
        // what the relay publishes: the data as JSON
        const published = JSON.parse(JSON.stringify(event.data));
        for (const problem of problems(event.type, published)) failures.push(`${c.id} ${event.type}: ${problem}`);
        expect(event.caseId).toBe(c.id);
        expect(published).toMatchObject({ caseId: c.id, tenantId: 'acme-service' });
      }
    }
    // Beside the case's own events, its write carries what the reply clock tells of a step it climbed.
    const reached = clockEscalatedMessage(main, { clock: 'reply', step: 1, level: 'dispatcher', at: at(5) });
    seen.add(reached.type);
    for (const problem of problems(reached.type, JSON.parse(JSON.stringify(reached.data)))) failures.push(`sr-1 ${reached.type}: ${problem}`);
    expect(failures).toEqual([]);
    expect([...seen].sort()).toEqual(intakeTypes);
  });
});
