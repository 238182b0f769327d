import type { EventPublisher, OutgoingEvent } from './event-publisher';
import type { OutboxStore, SavedOutbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

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
