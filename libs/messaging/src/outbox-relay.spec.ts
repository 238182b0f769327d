import type { EventPublisher, OutgoingEvent } from './event-publisher';
import type { OutboxStore, PublishedSave, SavedOutbox } from './outbox';
import { OutboxRelay, oneAcknowledgementPerDocument } from './outbox-relay';

const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined };
const settings = { pollIntervalMs: 60_000, batchSize: 10, leaseMs: 30_000 };

function entry(id: string, time: string) {
  return { topic: 'aftercare.public.service-requests.v1', envelope: { id, type: 't', source: 's', time, subject: 'x', tenantId: 't1', data: {} } } as OutgoingEvent;
}

function saved(documentId: string, ...entries: OutgoingEvent[]): SavedOutbox {
  return { documentId, tenantId: 't1', version: 1, entries, complete: true };
}

/** A store whose documents never come back from a claim: only the relay's memory is under test. */
function store(): OutboxStore {
  return {
    outboxName: 'cases',
    claim: async () => [],
    acknowledge: async () => undefined,
    acknowledgeSaved: async () => undefined,
    release: async () => undefined,
    backlog: async () => 0,
  };
}

function publisher(outcome: { fail: boolean }) {
  return {
    publish: async () => {
      if (outcome.fail) throw new Error('broker away');
    },
  } as unknown as EventPublisher;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('OutboxRelay oldest waiting event', () => {
  it('is 0 when nothing waits', () => {
    const relay = new OutboxRelay(publisher({ fail: false }), settings, quiet);
    expect(relay.oldestWaitingSeconds(Date.parse('2026-03-02T10:00:00Z'))).toBe(0);
  });

  it('counts from the oldest event of a save whose publish failed, and clears once it is sent', async () => {
    const outcome = { fail: true };
    const relay = new OutboxRelay(publisher(outcome), settings, quiet);
    const cases = store();
    relay.publishSaved(cases, saved('case-1', entry('e2', '2026-03-02T09:59:00Z'), entry('e1', '2026-03-02T09:58:30Z')));
    relay.publishSaved(cases, saved('case-2', entry('e3', '2026-03-02T09:59:50Z')));
    await settle();
    await settle();

    expect(relay.oldestWaitingSeconds(Date.parse('2026-03-02T10:00:00Z'))).toBe(90);
    expect(await relay.backlog()).toBe(2);

    outcome.fail = false;
    while ((await relay.backlog()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(relay.oldestWaitingSeconds(Date.parse('2026-03-02T10:00:00Z'))).toBe(0);
    await relay.stop();
  });
});

const save = (documentId: string, version: number, entryIds: string[], drained = true): PublishedSave => ({
  documentId,
  tenantId: 'acme',
  version,
  entryIds,
  drained,
});

describe('oneAcknowledgementPerDocument (saves acknowledged together)', () => {
  it('keeps saves of different documents as they are, in order', () => {
    const saves = [save('a', 1, ['a1']), save('b', 3, ['b3'], false)];
    expect(oneAcknowledgementPerDocument(saves)).toEqual(saves);
  });

  it("makes one acknowledgement of a document's saves: the newest version and drained state, every entry", () => {
    const merged = oneAcknowledgementPerDocument([save('a', 1, ['a1']), save('b', 1, ['b1']), save('a', 2, ['a2'], false), save('a', 3, ['a3'])]);
    expect(merged).toEqual([save('a', 3, ['a1', 'a2', 'a3']), save('b', 1, ['b1'])]);
  });

  it('keeps the newest version when the saves arrive out of order', () => {
    expect(oneAcknowledgementPerDocument([save('a', 4, ['a4'], false), save('a', 2, ['a2'])])).toEqual([save('a', 4, ['a4', 'a2'], false)]);
  });

  it('acknowledges nothing for no saves', () => {
    expect(oneAcknowledgementPerDocument([])).toEqual([]);
  });
});

describe('OutboxRelay periodic sweep (idle is idle, ADR 0045)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A store whose claims find `found[i]` documents on the i-th claim (none once the list is spent), at recorded instants. */
  function sweptStore(found: number[] = []) {
    const claims: number[] = [];
    const outbox: OutboxStore = {
      ...store(),
      claim: async () => {
        claims.push(Date.now());
        return Array.from({ length: found.shift() ?? 0 }, (_, i) => ({ documentId: `doc-${claims.length}-${i}`, entries: [entry(`e-${claims.length}-${i}`, '2026-03-02T09:00:00Z')] }));
      },
    };
    return { outbox, claims };
  }

  it('doubles the pause after each sweep that found nothing, up to five intervals', async () => {
    const { outbox, claims } = sweptStore();
    const relay = new OutboxRelay(publisher({ fail: false }), { ...settings, pollIntervalMs: 100 }, quiet);
    relay.register(outbox);
    const start = Date.now();
    relay.start();
    await jest.advanceTimersByTimeAsync(2_200);
    await relay.stop();
    // At start, the first periodic one an interval later, then after 400, 500, 500 … ms.
    expect(claims.slice(0, 6).map((t) => t - start)).toEqual([0, 100, 500, 1_000, 1_500, 2_000]);
  });

  it('keeps the interval after a sweep that found something left behind', async () => {
    const { outbox, claims } = sweptStore([0, 0, 2]);
    const relay = new OutboxRelay(publisher({ fail: false }), { ...settings, pollIntervalMs: 100 }, quiet);
    relay.register(outbox);
    const start = Date.now();
    relay.start();
    await jest.advanceTimersByTimeAsync(1_000);
    await relay.stop();
    // 0 and 100 (nothing), 500 (found 2) → the next an interval later, then doubling again.
    expect(claims.slice(0, 5).map((t) => t - start)).toEqual([0, 100, 500, 600, 800]);
  });

  it('plans no sweep after stop', async () => {
    const { outbox, claims } = sweptStore();
    const relay = new OutboxRelay(publisher({ fail: false }), { ...settings, pollIntervalMs: 100 }, quiet);
    relay.register(outbox);
    relay.start();
    await jest.advanceTimersByTimeAsync(0);
    await relay.stop();
    const swept = claims.length;
    await jest.advanceTimersByTimeAsync(5_000);
    expect(claims).toHaveLength(swept);
  });
});
