import { SERVICE_REQUEST_REGISTERED_V1, TOPICS } from '@aftercare/contracts';
import { servedByUniqueIndex } from '@aftercare/persistence';
import type { Connection } from 'mongoose';
import type { TimelineEntry } from '../domain/timeline-entry';
import { CaseTimelineStore, caseTimelineId, entryFieldOf, timelineFilters } from './case-timeline.store';

const entry = (id: string, caseId = 'case-1', tenantId = 'acme'): TimelineEntry => ({
  id,
  tenantId,
  caseId,
  type: SERVICE_REQUEST_REGISTERED_V1,
  source: '/aftercare/intake',
  subject: caseId,
  time: new Date('2026-01-01T08:00:00Z'),
  topic: TOPICS.intakeServiceRequestEvents.name,
  partition: 0,
  offset: 1,
  summary: 'Service request registered',
  data: {},
});

function storeWithFakeCollection() {
  const bulkWrites: Array<Array<{ updateOne: { filter: unknown; update: { $set: Record<string, unknown> }; upsert: boolean } }>> = [];
  const failures: Error[] = [];
  const collection = {
    bulkWrite: async (operations: never[]) => {
      const failure = failures.shift();
      if (failure) throw failure;
      bulkWrites.push(operations);
      return {};
    },
  };
  const connection = { db: { collection: () => collection } } as unknown as Connection;
  return { store: new CaseTimelineStore(connection), bulkWrites, failNextWrite: (error: Error) => failures.push(error) };
}

describe('CaseTimelineStore', () => {
  it('reads a timeline with one filter served by the `_id_` index (no scan on mongo-java-server)', () => {
    expect(servedByUniqueIndex(timelineFilters.byCase('acme', 'case-1'), [])?.name).toBe('_id_');
  });

  it('keeps tenants apart and never lets a value fake a separator', () => {
    expect(caseTimelineId('acme', 'case-1')).not.toBe(caseTimelineId('globex', 'case-1'));
    expect(caseTimelineId('a|b', 'c')).not.toBe(caseTimelineId('a', 'b|c'));
  });

  it('turns an event id into a field name without path separators or operators', () => {
    expect(entryFieldOf('a.b$c')).not.toMatch(/[.$]/);
    expect(entryFieldOf('a.b')).not.toBe(entryFieldOf('a%2Eb'));
    expect(entryFieldOf('8d9c-11')).toBe('8d9c-11');
  });

  it('writes the entries added together as one bulk write with one upsert per case, each entry by its event id', async () => {
    const { store, bulkWrites } = storeWithFakeCollection();
    await Promise.all([store.add(entry('e-1')), store.add(entry('e-2')), store.add(entry('e-3', 'case-2')), store.add(entry('e-1'))]);
    expect(bulkWrites).toHaveLength(1);
    const [operations] = bulkWrites;
    expect(operations.map((o) => o.updateOne.filter)).toEqual([{ _id: caseTimelineId('acme', 'case-1') }, { _id: caseTimelineId('acme', 'case-2') }]);
    expect(operations.every((o) => o.updateOne.upsert)).toBe(true);
    expect(Object.keys(operations[0].updateOne.update.$set).sort()).toEqual(['caseId', 'entries.e-1', 'entries.e-2', 'tenantId']);
  });

  it('fails the callers of a failed write only; the next write goes ahead', async () => {
    const { store, bulkWrites, failNextWrite } = storeWithFakeCollection();
    await store.add(entry('e-1'));
    failNextWrite(new Error('store down'));
    await expect(store.add(entry('e-2'))).rejects.toThrow('store down');
    await store.add(entry('e-3'));
    expect(bulkWrites.map((operations) => Object.keys(operations[0].updateOne.update.$set).filter((k) => k.startsWith('entries.')))).toEqual([
      ['entries.e-1'],
      ['entries.e-3'],
    ]);
  });

  it('writes at most 500 entries in one bulk write: a replay backlog leaves in bounded writes, every entry stored', async () => {
    const { store, bulkWrites } = storeWithFakeCollection();
    const entries = Array.from({ length: 1_201 }, (_, i) => entry(`e-${i}`, `case-${i}`));
    await Promise.all(entries.map((e) => store.add(e)));
    expect(bulkWrites.map((operations) => operations.length)).toEqual([500, 500, 201]);
    expect(new Set(bulkWrites.flat().map((o) => JSON.stringify(o.updateOne.filter))).size).toBe(1_201);
  });
});
