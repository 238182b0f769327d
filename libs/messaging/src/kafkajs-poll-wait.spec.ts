import { FETCH_CONNECTION, clearPollWait, endLongFetch, pollWaitMembers, setPollWait } from './kafkajs-poll-wait';

// kafkajs ships no types for its internals; the patch is applied when the module above loads.
type Member = { memberId: string | null; maxWaitTime: number; fetch(nodeId: number): Promise<unknown[]> };
const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup') as new (options: Record<string, unknown>) => Member;

const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * kafkajs's own consumer group as a consumer builds it (3 s wait), joined as `memberId`, whose
 * fetch stops right after it has read its wait (no broker here). Built by kafkajs's constructor,
 * so an upgrade that renames the member id or the wait fails these specs.
 */
function member(memberId: string | null) {
  const stopHere = new Error('no broker in a unit test');
  const group = new ConsumerGroup({
    cluster: { refreshMetadataIfNecessary: () => Promise.reject(stopHere) },
    groupId: 'g',
    topics: [],
    logger: { namespace: () => quietLogger },
    retry: { retries: 0 },
    maxWaitTimeInMs: 3_000,
  });
  expect(group.maxWaitTime).toBe(3_000);
  expect(group.memberId).toBeNull();
  group.memberId = memberId;
  return { group, stopHere };
}

describe('a consumer group member whose fetch wait can change while it runs', () => {
  afterEach(() => pollWaitMembers().forEach(clearPollWait));

  it('waits as long as the function registered for its member id says, asked before each fetch', async () => {
    const { group, stopHere } = member('m-1');
    let wait = 10_000;
    setPollWait('m-1', () => wait);
    await expect(group.fetch(1)).rejects.toBe(stopHere);
    expect(group.maxWaitTime).toBe(10_000);
    wait = 3_000;
    await expect(group.fetch(1)).rejects.toBe(stopHere);
    expect(group.maxWaitTime).toBe(3_000);
  });

  it('keeps its configured wait without a registered function, before it has joined, and once cleared', async () => {
    setPollWait('m-2', () => 10_000);
    const unregistered = member('m-other');
    await expect(unregistered.group.fetch(1)).rejects.toBe(unregistered.stopHere);
    expect(unregistered.group.maxWaitTime).toBe(3_000);

    const notJoined = member(null);
    await expect(notJoined.group.fetch(1)).rejects.toBe(notJoined.stopHere);
    expect(notJoined.group.maxWaitTime).toBe(3_000);

    clearPollWait('m-2');
    const cleared = member('m-2');
    await expect(cleared.group.fetch(1)).rejects.toBe(cleared.stopHere);
    expect(cleared.group.maxWaitTime).toBe(3_000);
    expect(pollWaitMembers()).toEqual([]);
  });
});

describe('ending a long fetch in flight when its consumer stops', () => {
  afterEach(() => pollWaitMembers().forEach(clearPollWait));

  /**
   * A member whose fetch is in flight (its metadata refresh never answers), and the broker's fetch
   * connection, whose request has left (or leaves `sentAfterMs` later).
   */
  function fetchingMember(memberId: string, wait: number, sentAfterMs = 0) {
    const rejected: Error[] = [];
    const inflight = new Map<number, unknown>();
    if (sentAfterMs > 0) setTimeout(() => inflight.set(7, {}), sentAfterMs);
    else inflight.set(7, {});
    const fetchConnection = { requestQueue: { inflight }, rejectRequests: (error: Error) => void rejected.push(error) };
    const otherConnection = { requestQueue: { inflight: new Map([[8, {}]]) }, rejectRequests: () => void rejected.push(new Error('the wrong connection')) };
    const group = new ConsumerGroup({
      cluster: {
        refreshMetadataIfNecessary: () => new Promise(() => undefined),
        findBroker: async ({ nodeId }: { nodeId: number }) => {
          expect(nodeId).toBe(1);
          return { connectionPool: { pool: [otherConnection, fetchConnection] } };
        },
      },
      groupId: 'g',
      topics: [],
      logger: { namespace: () => quietLogger },
      retry: { retries: 0 },
      maxWaitTimeInMs: 3_000,
    });
    group.memberId = memberId;
    setPollWait(memberId, () => wait);
    void group.fetch(1);
    return { rejected };
  }

  it("ends an idle fetch on the broker's fetch connection, as a lost connection would for that request", async () => {
    const { rejected } = fetchingMember('m-idle', 10_000);
    expect(await endLongFetch('m-idle', 3_000)).toBe(true);
    expect(rejected.map((e) => [e.name, e.message])).toEqual([['KafkaJSConnectionError', 'fetch ended early: the consumer is stopping']]);
  });

  it('waits for a long fetch whose request leaves late, as after a rejoin, and ends it then', async () => {
    const { rejected } = fetchingMember('m-rejoined', 10_000, 1_500);
    const started = Date.now();
    expect(await endLongFetch('m-rejoined', 3_000)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(rejected.map((e) => e.name)).toEqual(['KafkaJSConnectionError']);
  });

  it('leaves a fetch with the usual wait to end by itself, and a member without a fetch in flight alone', async () => {
    const { rejected } = fetchingMember('m-busy', 3_000);
    expect(await endLongFetch('m-busy', 3_000)).toBe(false);
    expect(await endLongFetch('m-none', 3_000)).toBe(false);
    expect(rejected).toEqual([]);
  });

  it("relies on kafkajs sending fetches, and only fetches, on a broker pool's second connection", async () => {
    const ConnectionPool = require('kafkajs/src/network/connectionPool') as { prototype: { getConnectionByRequest(r: unknown): Promise<unknown> } };
    const apiKeys = require('kafkajs/src/protocol/requests/apiKeys') as Record<string, number>;
    const pool = Object.assign(Object.create(ConnectionPool.prototype) as { getConnectionByRequest(r: unknown): Promise<unknown> }, { getConnection: async (index: number) => index });
    expect(await pool.getConnectionByRequest({ request: { apiKey: apiKeys.Fetch } })).toBe(FETCH_CONNECTION);
    for (const other of ['Heartbeat', 'OffsetCommit', 'JoinGroup', 'LeaveGroup', 'Metadata']) {
      expect(await pool.getConnectionByRequest({ request: { apiKey: apiKeys[other] } })).toBe(0);
    }
  });
});
