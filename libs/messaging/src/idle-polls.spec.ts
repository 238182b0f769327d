import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { FETCH_WAIT_MS, PollWaits, fetchWait } from './idle-polls';
import { clearPollWait, pollWaitMembers, pollWaitOf } from './kafkajs-poll-wait';

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
  const settings = { idleAfterMs: 60_000, idlePollMs: 10_000 };
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => {
    pollWaitMembers().forEach(clearPollWait);
    jest.useRealTimers();
  });

  function consumer(): Consumer & EventEmitter & { disconnected: boolean } {
    const emitter = new EventEmitter() as Consumer & EventEmitter & { disconnected: boolean };
    Object.assign(emitter, {
      events: { GROUP_JOIN: 'consumer.group_join' },
      disconnected: false,
      disconnect: async () => void (emitter.disconnected = true),
    });
    return emitter;
  }
  const join = (c: EventEmitter, memberId: string) => c.emit('consumer.group_join', { payload: { memberId } });

  it('counts idle time from the last news, and not at all while messages are handled', async () => {
    const waits = new PollWaits(settings);
    jest.setSystemTime(50_000);
    expect(waits.idleForMs()).toBe(50_000);
    waits.active();
    expect(waits.idleForMs()).toBe(0);
    let finish = () => undefined as void;
    const handled = waits.handling(() => new Promise<void>((resolve) => (finish = resolve)));
    jest.setSystemTime(500_000);
    expect(waits.idleForMs()).toBe(0);
    expect(waits.wait()).toBe(FETCH_WAIT_MS);
    finish();
    await handled;
    expect(waits.idleForMs()).toBe(0);
    jest.setSystemTime(619_999);
    expect(waits.wait()).toBe(FETCH_WAIT_MS);
    jest.setSystemTime(620_000);
    expect(waits.wait()).toBe(10_000);
  });

  it('ends the idle time after a failed handling too, and passes the failure on', async () => {
    const waits = new PollWaits(settings);
    jest.setSystemTime(300_000);
    await expect(waits.handling(async () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(waits.idleForMs()).toBe(0);
  });

  it('registers a consumer under the member id of each join, and forgets the one it had before', () => {
    const waits = new PollWaits(settings);
    const lane = consumer();
    waits.follow(lane);
    expect(pollWaitMembers()).toEqual([]);
    join(lane, 'm-1');
    expect(pollWaitMembers()).toEqual(['m-1']);
    join(lane, 'm-2');
    expect(pollWaitMembers()).toEqual(['m-2']);
  });

  it('gives a consumer that is leaving the usual wait, for a fetch that begins while it leaves', async () => {
    const waits = new PollWaits(settings);
    const lane = consumer();
    let disconnected = () => undefined as void;
    lane.disconnect = () => new Promise<void>((resolve) => (disconnected = resolve));
    waits.follow(lane);
    join(lane, 'm-1');
    jest.setSystemTime(600_000);
    expect(pollWaitOf('m-1')).toBe(10_000);
    const left = waits.leave([lane]);
    expect(pollWaitOf('m-1')).toBe(FETCH_WAIT_MS);
    join(lane, 'm-1');
    expect(pollWaitOf('m-1')).toBe(FETCH_WAIT_MS);
    disconnected();
    await left;
    expect(pollWaitMembers()).toEqual([]);
  });

  it('disconnects the consumers that leave and forgets them, and only them', async () => {
    const waits = new PollWaits(settings);
    const [first, second, third] = [consumer(), consumer(), consumer()];
    [first, second, third].forEach((c) => waits.follow(c));
    join(first, 'm-1');
    join(second, 'm-2');
    join(third, 'm-3');
    await waits.leave([second, third]);
    expect([first.disconnected, second.disconnected, third.disconnected]).toEqual([false, true, true]);
    expect(pollWaitMembers()).toEqual(['m-1']);
    await waits.leave([second, consumer()]);
    expect(pollWaitMembers()).toEqual(['m-1']);
  });
});
