import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXAMPLES_DIR,
  PARTS_REQUEST_DELIVERED_V1,
  PARTS_REQUEST_REQUESTED_V1,
  PARTS_REQUEST_SHIPPED_V1,
  TOPICS,
  toKafkaHeaders,
  type EventEnvelope,
} from '@aftercare/contracts';
import { until } from '@aftercare/testing';
import { InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { RegisterCase } from '../src/service-request/application/register-case';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

interface TimelineBody {
  entries: Array<{ id: string; type: string; source: string; subject: string; summary: string; data: Record<string, unknown> }>;
}

const example = (type: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8'));

/** The parts steps of a case on its timeline: intake reads parts's public topic in its `intake.timeline` group. */
describe('parts steps in the case timeline (intake against the real stack)', () => {
  let harness: IntakeTestApp;

  beforeAll(async () => {
    harness = await startIntake('parts-timeline');
  });
  afterAll(() => stopIntake(harness));

  async function registerCase(): Promise<string> {
    const serialNumber = `SN-${randomUUID()}`;
    await harness.app.get(InstalledBaseStore).upsert({ tenantId: 'acme', serialNumber, productModel: 'P-200', purchaseDate: '2024-06-01', warrantyEnd: '2099-12-31', sourceTime: new Date() });
    const { serviceRequest } = await harness.app.get(RegisterCase).execute({
      tenantId: 'acme',
      channel: 'phone',
      customer: { customerId: `cust-${randomUUID()}`, name: 'Acme Pumps Ltd', contactPerson: 'Li Wei', phone: '+86 21 5555 0101', email: 'li.wei@acme.example', address: '12 Harbour Road, Shanghai', zone: 'city' },
      product: { model: 'P-200', serialNumber, purchaseDate: '2024-06-01' },
      problemDescription: 'Pump leaks at the shaft seal',
      requestedType: 'repair',
      severity: 'major',
      urgency: 'high',
    });
    return serviceRequest.id;
  }

  /** Publishes like parts does: CloudEvents headers with `ce_caseid`, key = the parts request id. */
  async function publishPartsEvent(type: string, caseId: string, partsRequestId: string, at: number): Promise<EventEnvelope<Record<string, unknown>>> {
    const envelope: EventEnvelope<Record<string, unknown>> = {
      id: randomUUID(),
      type,
      source: '/aftercare/parts',
      time: new Date(at).toISOString(),
      subject: partsRequestId,
      tenantId: 'acme',
      caseId,
      data: { ...example(type), partsRequestId, caseId, tenantId: 'acme' },
    };
    await harness.probe.send(harness.topic(TOPICS.partsRequestEvents.name), { key: partsRequestId, value: JSON.stringify(envelope.data), headers: toKafkaHeaders(envelope) });
    return envelope;
  }

  it('lists requested, shipped and delivered after the case’s own events, each with a readable summary', async () => {
    const caseId = await registerCase();
    const partsRequestId = `pr-${randomUUID()}`;
    const now = Date.now();
    const steps = [
      await publishPartsEvent(PARTS_REQUEST_REQUESTED_V1, caseId, partsRequestId, now + 60_000),
      await publishPartsEvent(PARTS_REQUEST_SHIPPED_V1, caseId, partsRequestId, now + 120_000),
      await publishPartsEvent(PARTS_REQUEST_DELIVERED_V1, caseId, partsRequestId, now + 180_000),
    ];
    let body: TimelineBody = { entries: [] };
    await until(
      async () => {
        body = (await (await harness.request('GET', `/api/v1/service-requests/${caseId}/timeline`, { roles: ['agent'] })).json()) as TimelineBody;
        return steps.every((s) => body.entries.some((e) => e.id === s.id));
      },
      30_000,
      () => `expected the three parts steps; timeline: ${JSON.stringify(body.entries.map((e) => e.type))}`,
    );
    const parts = body.entries.filter((e) => e.source === '/aftercare/parts');
    expect(parts.map((e) => [e.id, e.summary, e.subject])).toEqual([
      [steps[0]!.id, 'Parts request requested', partsRequestId],
      [steps[1]!.id, 'Parts request shipped', partsRequestId],
      [steps[2]!.id, 'Parts request delivered', partsRequestId],
    ]);
    expect(parts[1]!.data).toMatchObject({ carrier: 'SF Express', partsRequestId });
    expect(body.entries.slice(-3).map((e) => e.id)).toEqual(steps.map((s) => s.id));
  });
});
