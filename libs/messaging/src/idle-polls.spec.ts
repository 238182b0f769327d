import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { FETCH_WAIT_MS, PollWaits, fetchWait } from './idle-polls';
import { clearPollWait, pollWaitMembers } from './kafkajs-poll-wait';

describe('the wait of an idle group\'s fetches (ADR 0051)', () => {
  const settings = { idleAfterMs: 60_000, idlePollMs: 10_000 };

  it('is the usual wait until the group has found nothing for twice its idle time, then the idle poll', () => {
    expect(fetchWait(settings, 0)).toBe(FETCH_WAIT_MS);
    expect(fetchWait(settings, 60_000)).toBe(FETCH_WAIT_MS);
    expect(fetchWait(settings, 119_999)).toBe(FETCH_WAIT_MS);
    expect(fetchWait(settings, 120_000)).toBe(10_000);
    expect(fetchWait(settings, 3_600_000)).toBe(10_000);
  });

  it('is always the usual wait when lanes never idle, no idle poll is set, or it is not longer', () => {
    expect(fetchWait({ idleAfterMs: 0, idlePollMs: 10_000 }, 3_600_000)).toBe(FETCH_WAIT_MS);
    expect(fetchWait({ idlePollMs: 10_000 }, 3_600_000)).toBe(FETCH_WAIT_MS);
    expect(fetchWait({ idleAfterMs: 60_000 }, 3_600_000)).toBe(FETCH_WAIT_MS);
    expect(fetchWait({ idleAfterMs: 60_000, idlePollMs: 0 }, 3_600_000)).toBe(FETCH_WAIT_MS);
    expect(fetchWait({ idleAfterMs: 60_000, idlePollMs: 2_000 }, 3_600_000)).toBe(FETCH_WAIT_MS);
  });
});

describe('the poll waits of one group\'s consumers', () => {
  afterEach(() => pollWaitMembers().forEach(clearPollWait));

  function consumer(): Consumer & EventEmitter {
    const emitter = new EventEmitter() as Consumer & EventEmitter;
    Object.assign(emitter, { events: { GROUP_JOIN: 'consumer.group_join' } });
    return emitter;
  }
  const join = (c: EventEmitter, memberId: string) => c.emit('consumer.group_join', { payload: { memberId } });

  it('registers a consumer under the member id of each join, and forgets the one it had before', () => {
    const waits = new PollWaits(() => 10_000);
    const lane = consumer();
    waits.follow(lane);
    expect(pollWaitMembers()).toEqual([]);
    join(lane, 'm-1');
    expect(pollWaitMembers()).toEqual(['m-1']);
    join(lane, 'm-2');
    expect(pollWaitMembers()).toEqual(['m-2']);
  });

  it('forgets a stopping consumer, and only that one', () => {
    const waits = new PollWaits(() => 10_000);
    const [first, second] = [consumer(), consumer()];
    waits.follow(first);
    waits.follow(second);
    join(first, 'm-1');
    join(second, 'm-2');
    waits.forget(second);
    waits.forget(second);
    expect(pollWaitMembers()).toEqual(['m-1']);
    waits.forget(consumer());
    expect(pollWaitMembers()).toEqual(['m-1']);
  });
});
