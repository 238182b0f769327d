import { PeriodicTask } from './periodic-task';

/** A pass that finishes only when the test says so. */
function controllablePass() {
  const pending: Array<() => void> = [];
  let active = 0;
  let maxActive = 0;
  let calls = 0;
  const pass = async (): Promise<number> => {
    calls += 1;
    active += 1;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((resolve) => pending.push(resolve));
    active -= 1;
    return calls;
  };
  return {
    pass,
    finishOne: () => pending.shift()?.(),
    get calls() {
      return calls;
    },
    get maxActive() {
      return maxActive;
    },
    get waiting() {
      return pending.length;
    },
  };
}

/** Lets promise callbacks run (fake timers do not advance microtasks by themselves). */
const flush = () => jest.advanceTimersByTimeAsync(0);

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs passes on its interval, never two at once, and reports their results in order', async () => {
    const work = controllablePass();
    const reported: number[] = [];
    const task = new PeriodicTask('test', work.pass, (n) => reported.push(n));
    task.start(5, { immediately: true });
    await flush();
    expect(work.calls).toBe(1);
    // Many intervals go by while the pass is still running: no second pass starts.
    await jest.advanceTimersByTimeAsync(50);
    expect(work.calls).toBe(1);
    work.finishOne();
    await jest.advanceTimersByTimeAsync(5);
    expect(work.calls).toBe(2);
    work.finishOne();
    await jest.advanceTimersByTimeAsync(5);
    work.finishOne();
    await flush();
    await task.stop();
    expect(work.maxActive).toBe(1);
    expect(reported).toEqual([1, 2, 3]);
    expect(task.passes).toBe(3);
  });

  it('keeps going after a failed pass', async () => {
    let calls = 0;
    const task = new PeriodicTask('flaky', async () => {
      calls += 1;
      if (calls === 1) throw new Error('store unreachable');
      return calls;
    });
    jest.spyOn(task['logger'], 'error').mockImplementation(() => undefined);
    task.start(5, { immediately: true });
    await jest.advanceTimersByTimeAsync(5);
    await task.stop();
    expect(calls).toBe(2);
    expect(task.passes).toBe(2);
  });

  it('waits on stop for the pass in flight and starts none after it', async () => {
    const work = controllablePass();
    const task = new PeriodicTask('drain', work.pass);
    task.start(5, { immediately: true });
    await flush();
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    expect(task.stopped).toBe(true);
    work.finishOne();
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(100);
    expect(work.calls).toBe(1);
  });

  it('does not schedule with interval 0, but runs on demand and shares a pass in flight', async () => {
    const work = controllablePass();
    const task = new PeriodicTask('manual', work.pass);
    task.start(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(work.calls).toBe(0);
    const both = Promise.all([task.runOnce(), task.runOnce()]);
    work.finishOne();
    expect(await both).toEqual([1, 1]);
    expect(work.calls).toBe(1);
  });

  it('tells when a number of further passes has finished', async () => {
    const work = controllablePass();
    const task = new PeriodicTask('counted', work.pass);
    task.start(5, { immediately: true });
    await flush();
    let seen = false;
    const twoMore = task.afterPasses(2).then(() => (seen = true));
    work.finishOne();
    await jest.advanceTimersByTimeAsync(5);
    expect(seen).toBe(false);
    work.finishOne();
    await twoMore;
    expect(task.passes).toBe(2);
    const stopping = task.stop();
    await flush();
    work.finishOne();
    await stopping;
  });
});
