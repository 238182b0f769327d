import { clearPollWait, pollWaitMembers, setPollWait } from './kafkajs-poll-wait';

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
