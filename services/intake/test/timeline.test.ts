import { isDeepStrictEqual } from 'node:util';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXAMPLES_DIR,
  SERVICE_REQUEST_ACKNOWLEDGED_V1,
  SERVICE_REQUEST_REGISTERED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TOPICS,
  toKafkaHeaders,
  type EventEnvelope,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_CREATED_V1,
} from '@aftercare/contracts';
import { until } from '@aftercare/testing';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION, connectMongo } from '@aftercare/persistence';
import { InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { RegisterCase } from '../src/service-request/application/register-case';
import { CaseTimelineStore, caseTimelineId, entryFieldOf, timelineCollection } from '../src/timeline/infrastructure/case-timeline.store';
import { copyLegacyTimeline, rebuildCaseTimeline } from '../src/timeline/rebuild';
import { LEGACY_TIMELINE_COLLECTION } from '../src/timeline/timeline.topics';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const WORK_ORDER_CREATED = WORK_ORDER_CREATED_V1;
const WORK_ORDER_ASSIGNED = WORK_ORDER_ASSIGNED_V1;

interface TimelineBody {
  caseId: string;
  entries: Array<{ id: string; type: string; source: string; subject: string; time: string; summary: string; data: Record<string, unknown> }>;
}

const example = (type: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8'));

describe('case timeline (intake against the real stack)', () => {
  let harness: IntakeTestApp;

  beforeAll(async () => {
    harness = await startIntake('timeline');
  });

  afterAll(async () => {
    await stopIntake(harness);
  });

  /** A routed case: registered → acknowledged → routed, all published through the outbox. */
  async function registerCase(tenantId = 'acme'): Promise<string> {
    const serialNumber = `SN-${randomUUID()}`;
    await harness.app.get(InstalledBaseStore).upsert({
      tenantId,
      serialNumber,
      productModel: 'P-200',
      purchaseDate: '2024-06-01',
      warrantyEnd: '2099-12-31',
      sourceTime: new Date(),
    });
    const { serviceRequest } = await harness.app.get(RegisterCase).execute({
      tenantId,
      channel: 'phone',
      customer: {
        customerId: `cust-${randomUUID()}`,
        name: 'Acme Pumps Ltd',
        contactPerson: 'Li Wei',
        phone: '+86 21 5555 0101',
        email: 'li.wei@acme.example',
        address: '12 Harbour Road, Shanghai',
        zone: 'city',
      },
      product: { model: 'P-200', serialNumber, purchaseDate: '2024-06-01' },
      problemDescription: 'Pump leaks at the shaft seal',
      requestedType: 'repair',
      severity: 'major',
      urgency: 'high',
    });
    expect(serviceRequest.routing).not.toBeNull();
    return serviceRequest.id;
  }

  async function timeline(caseId: string, options: { tenant?: string } = {}): Promise<TimelineBody> {
    const response = await harness.request('GET', `/api/v1/service-requests/${caseId}/timeline`, { roles: ['agent'], ...options });
    expect(response.status).toBe(200);
    return (await response.json()) as TimelineBody;
  }

  async function waitForTimeline(caseId: string, done: (body: TimelineBody) => boolean, what: string): Promise<TimelineBody> {
    let body: TimelineBody = { caseId, entries: [] };
    await until(
      async () => done((body = await timeline(caseId))),
      20_000,
      () => `${what}; timeline: ${JSON.stringify(body.entries.map((e) => `${e.time} ${e.type} ${e.id}`))}`,
    );
    return body;
  }

  const hasEntry = (id: string) => (body: TimelineBody) => body.entries.some((e) => e.id === id);

  /** Publishes like dispatch does: CloudEvents headers, key = work order id. */
  async function publishDispatchEvent(
    envelope: Partial<EventEnvelope<Record<string, unknown>>> & { type: string; caseId: string | undefined; dataCaseId?: string },
  ): Promise<EventEnvelope<Record<string, unknown>>> {
    const { dataCaseId, ...attributes } = envelope;
    const workOrderId = attributes.subject ?? `wo-${randomUUID()}`;
    const full: EventEnvelope<Record<string, unknown>> = {
      id: randomUUID(),
      source: '/aftercare/dispatch',
      time: new Date().toISOString(),
      subject: workOrderId,
      tenantId: 'acme',
      ...attributes,
      // The producer's example, made to belong to this case (valid against the contract).
      data: attributes.data ?? { ...example(attributes.type), workOrderId, caseId: dataCaseId ?? attributes.caseId, tenantId: attributes.tenantId ?? 'acme' },
    };
    await harness.probe.send(harness.topic(TOPICS.dispatchWorkOrderEvents.name), {
      key: full.subject,
      value: JSON.stringify(full.data),
      headers: toKafkaHeaders(full),
    });
    return full;
  }

  it('lists a registered case as registered → acknowledged → routed, oldest first', async () => {
    const caseId = await registerCase();
    const body = await waitForTimeline(caseId, (b) => b.entries.length >= 3, 'expected the three registration events');

    expect(body.caseId).toBe(caseId);
    const registration = body.entries.slice(0, 3);
    expect(registration.map((e) => e.type)).toEqual([SERVICE_REQUEST_REGISTERED_V1, SERVICE_REQUEST_ACKNOWLEDGED_V1, SERVICE_REQUEST_ROUTED_V1]);
    expect(registration.map((e) => e.summary)).toEqual(['Service request registered', 'Service request acknowledged', 'Service request routed']);
    for (const entry of registration) {
      expect(entry).toMatchObject({ source: '/aftercare/intake', subject: caseId });
      expect(entry.data.caseId).toBe(caseId);
    }
    const times = body.entries.map((e) => Date.parse(e.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(registration.map((e) => e.id)).size).toBe(3);
  });

  it('adds the events of other services that carry the case id, ordered by event time rather than arrival', async () => {
    const caseId = await registerCase();
    await waitForTimeline(caseId, (b) => b.entries.length >= 3, 'expected the registration events');
    const workOrderId = `wo-${randomUUID()}`;
    const now = Date.now();
    // Published out of order: the assignment arrives first but happened after the creation.
    const assigned = await publishDispatchEvent({ type: WORK_ORDER_ASSIGNED, caseId, subject: workOrderId, time: new Date(now + 120_000).toISOString() });
    const created = await publishDispatchEvent({ type: WORK_ORDER_CREATED, caseId, subject: workOrderId, time: new Date(now + 60_000).toISOString() });

    const body = await waitForTimeline(caseId, (b) => hasEntry(assigned.id)(b) && hasEntry(created.id)(b), 'expected both work order events');
    // intake's own reactions (the case starting work on the assignment) may follow; the order holds for all.
    expect(body.entries.slice(0, 5).map((e) => e.type)).toEqual([
      SERVICE_REQUEST_REGISTERED_V1,
      SERVICE_REQUEST_ACKNOWLEDGED_V1,
      SERVICE_REQUEST_ROUTED_V1,
      WORK_ORDER_CREATED,
      WORK_ORDER_ASSIGNED,
    ]);
    const times = body.entries.map((e) => Date.parse(e.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(body.entries[4]).toEqual({
      id: assigned.id,
      type: WORK_ORDER_ASSIGNED,
      source: '/aftercare/dispatch',
      subject: workOrderId,
      time: assigned.time,
      summary: 'Work order assigned',
      data: assigned.data,
    });
    expect(body.entries[3].summary).toBe('Work order created');
  });

  it('keeps one entry when the same event is delivered twice, and skips messages without a case id', async () => {
    const caseId = await registerCase();
    const workOrderId = `wo-${randomUUID()}`;
    const twice = await publishDispatchEvent({ type: WORK_ORDER_CREATED, caseId, subject: workOrderId });
    // Redelivered as is (same ce_id), on the same key and so the same partition.
    await harness.probe.send(harness.topic(TOPICS.dispatchWorkOrderEvents.name), {
      key: twice.subject,
      value: JSON.stringify(twice.data),
      headers: toKafkaHeaders(twice),
    });
    // No ce_caseid header (valid data that names the case): outside any case, no place on a timeline.
    const caseless = await publishDispatchEvent({ type: WORK_ORDER_CREATED, subject: workOrderId, caseId: undefined, dataCaseId: caseId });
    // Same partition, published last: once it is listed, the two before it have been handled.
    const marker = await publishDispatchEvent({ type: WORK_ORDER_ASSIGNED, caseId, subject: workOrderId, time: new Date(Date.now() + 1000).toISOString() });

    const body = await waitForTimeline(caseId, hasEntry(marker.id), 'expected the marker event');
    expect(body.entries.filter((e) => e.id === twice.id)).toHaveLength(1);
    expect(body.entries.filter((e) => e.source === '/aftercare/dispatch').map((e) => e.id)).toEqual([twice.id, marker.id]);
    expect(await timelineCollection(connectionOf(harness)).countDocuments({ [`entries.${entryFieldOf(caseless.id)}`]: { $exists: true } })).toBe(0);
    expect(await timelineCollection(connectionOf(harness)).countDocuments({ [`entries.${entryFieldOf(twice.id)}`]: { $exists: true } })).toBe(1);
  });

  it('shows a case only to its own tenant: another tenant gets 404 and its events never show', async () => {
    const caseId = await registerCase('acme');
    await waitForTimeline(caseId, (b) => b.entries.length >= 3, 'expected the registration events');
    // An event of tenant globex that names acme's case id (a bug or an attack elsewhere).
    const foreign = await publishDispatchEvent({ type: WORK_ORDER_CREATED, caseId, tenantId: 'globex' });
    const marker = await publishDispatchEvent({ type: WORK_ORDER_ASSIGNED, caseId, subject: foreign.subject, time: new Date(Date.now() + 1000).toISOString() });

    const own = await waitForTimeline(caseId, hasEntry(marker.id), 'expected the marker event');
    expect(own.entries.some((e) => e.id === foreign.id)).toBe(false);

    const other = await harness.request('GET', `/api/v1/service-requests/${caseId}/timeline`, { roles: ['manager'], tenant: 'globex' });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(await other.json()).toMatchObject({ status: 404, code: 'SERVICE_REQUEST_NOT_FOUND' });

    const unknown = await harness.request('GET', `/api/v1/service-requests/${randomUUID()}/timeline`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'SERVICE_REQUEST_NOT_FOUND' });
  });

  it('needs a token and one of the roles agent, dispatcher, manager, quality_engineer', async () => {
    const caseId = await registerCase();
    const anonymous = await fetch(`${harness.baseUrl}/api/v1/service-requests/${caseId}/timeline`);
    expect(anonymous.status).toBe(401);
    const technician = await harness.request('GET', `/api/v1/service-requests/${caseId}/timeline`, { roles: ['technician'] });
    expect(technician.status).toBe(403);
    for (const role of ['agent', 'dispatcher', 'manager', 'quality_engineer'] as const) {
      const allowed = await harness.request('GET', `/api/v1/service-requests/${caseId}/timeline`, { roles: [role] });
      expect(allowed.status).toBe(200);
    }
  });

  it('is rebuilt from the topics: cleared and reset while intake is stopped, the restarted app lists the same entries', async () => {
    const caseId = await registerCase();
    await waitForTimeline(caseId, (b) => b.entries.length >= 3, 'expected the registration events');
    const marker = await publishDispatchEvent({ type: WORK_ORDER_CREATED, caseId, time: new Date(Date.now() + 1000).toISOString() });
    const before = await waitForTimeline(caseId, hasEntry(marker.id), 'expected the dispatch event');

    await harness.close();
    const { brokers, topicPrefix, mongoUrl, dbName } = deployment(harness);
    // Every entry of every case of the earlier tests, as stored (positions included).
    const stored = await withTimeline(mongoUrl, dbName, (timeline) => timeline.find({}).sort({ _id: 1 }).toArray());
    expect(stored.length).toBeGreaterThan(before.entries.length);

    const result = await rebuildCaseTimeline({ brokers, topicPrefix, mongoUrl, dbName, clear: true });
    expect(result).toEqual({
      groupId: `${topicPrefix}intake.timeline`,
      topics: [harness.topic(TOPICS.intakeServiceRequestEvents.name), harness.topic(TOPICS.dispatchWorkOrderEvents.name), harness.topic(TOPICS.partsRequestEvents.name)],
      cleared: stored.length,
    });
    expect(await withTimeline(mongoUrl, dbName, (timeline) => timeline.countDocuments({}))).toBe(0);

    await harness.restart();
    const after = await waitForTimeline(caseId, (b) => b.entries.length >= before.entries.length, 'expected the rebuilt timeline');
    expect(after).toEqual(before);
    const rebuilt = timelineCollection(connectionOf(harness));
    const rebuiltDocuments = () => rebuilt.find({ _id: { $in: stored.map((d) => d._id) } }).sort({ _id: 1 }).toArray();
    // A case's document exists from its first rebuilt entry on: wait for every entry, not only every document.
    await until(async () => isDeepStrictEqual(await rebuiltDocuments(), stored), 60_000, `expected all ${stored.length} timelines rebuilt as they were`).catch(() => undefined);
    // Each one exactly as before: same event, same time, same Kafka position, same summary and data.
    expect(await rebuiltDocuments()).toEqual(stored);
  }, 120_000);

  it('keeps one document per case, read by `_id`, and copies the entries of the earlier one-per-event collection', async () => {
    const caseId = await registerCase();
    await waitForTimeline(caseId, (b) => b.entries.length >= 3, 'expected the registration events');
    const document = await timelineCollection(connectionOf(harness)).findOne({ _id: caseTimelineId('acme', caseId) });
    expect(Object.keys(document!.entries)).toHaveLength(3);

    const legacyCase = randomUUID();
    const legacyEntry = (id: string, minutes: number, offset: number) => ({
      _id: id,
      tenantId: 'acme',
      caseId: legacyCase,
      type: WORK_ORDER_CREATED,
      source: '/aftercare/dispatch',
      subject: 'wo-legacy',
      time: new Date(Date.UTC(2025, 0, 1, 8, minutes)),
      topic: TOPICS.dispatchWorkOrderEvents.name,
      partition: 0,
      offset,
      summary: 'Work order created',
      data: { note: 'from before' },
    });
    await connectionOf(harness).db!.collection(LEGACY_TIMELINE_COLLECTION).insertMany([legacyEntry('e.2', 5, 2), legacyEntry('e-1', 1, 1)] as never);
    expect(await copyLegacyTimeline(connectionOf(harness))).toBe(2);
    const copied = await harness.app.get(CaseTimelineStore).listForCase('acme', legacyCase);
    expect(copied.map((e) => [e.id, e.offset])).toEqual([['e-1', 1], ['e.2', 2]]);
    expect(await harness.app.get(CaseTimelineStore).listForCase('globex', legacyCase)).toEqual([]);
  });
});

function deployment(harness: IntakeTestApp): { brokers: string[]; topicPrefix: string; mongoUrl: string; dbName: string } {
  return {
    brokers: harness.config.KAFKA_BROKERS.split(','),
    topicPrefix: harness.config.KAFKA_TOPIC_PREFIX ?? '',
    mongoUrl: harness.config.MONGO_URL,
    dbName: harness.config.MONGO_DB ?? 'aftercare_intake',
  };
}

function connectionOf(harness: IntakeTestApp): Connection {
  return harness.app.get<symbol, Connection>(MONGO_CONNECTION);
}

async function withTimeline<T>(url: string, dbName: string, use: (timeline: ReturnType<typeof timelineCollection>) => Promise<T>): Promise<T> {
  const connection = await connectMongo({ url, dbName });
  try {
    return await use(timelineCollection(connection));
  } finally {
    await connection.close();
  }
}
