import { PeriodicTask, WAKE_GRACE_MS, defaultIdleMaxMs } from './periodic-task';

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

  describe('idle is idle', () => {
    /** A pass that reports how much work it found: the next value of `found`, 0 when none is left. */
    function countedWork(found: number[] = []) {
      const at: number[] = [];
      const pass = async () => {
        at.push(Date.now());
        return found.shift() ?? 0;
      };
      return { pass, at };
    }

    it('doubles the pause after each pass that found nothing, up to its longest', async () => {
      const work = countedWork();
      const task = new PeriodicTask('idle', work.pass);
      const start = Date.now();
      task.start(10, { immediately: true, idle: { when: (found) => found === 0, maxMs: 80 } });
      await jest.advanceTimersByTimeAsync(400);
      await task.stop();
      const pauses = work.at.map((t, i) => t - (i ? work.at[i - 1] : start));
      expect(pauses.slice(0, 7)).toEqual([0, 20, 40, 80, 80, 80, 80]);
    });

    it('comes back to the interval once a pass finds work', async () => {
      const work = countedWork([0, 0, 0, 3]);
      const task = new PeriodicTask('busy-again', work.pass);
      const start = Date.now();
      task.start(10, { immediately: true, idle: { when: (found) => found === 0, maxMs: 1_000 } });
      await jest.advanceTimersByTimeAsync(200);
      await task.stop();
      const pauses = work.at.map((t, i) => t - (i ? work.at[i - 1] : start));
      // 0, 20, 40 (idle), 80 (found 3) → the next pause is the interval again, then doubles.
      expect(pauses.slice(0, 6)).toEqual([0, 20, 40, 80, 10, 20]);
    });

    it('wakes for work due sooner than the planned pass, not before an interval after the last pass nor the grace after the signal', async () => {
      const work = countedWork();
      const task = new PeriodicTask('woken', work.pass);
      const start = Date.now();
      task.start(100, { idle: { when: (found) => found === 0, maxMs: 60_000 } });
      // Idle passes at 100, 300, 700, 1,500; the next is planned at 3,100.
      await jest.advanceTimersByTimeAsync(1_600);
      expect(work.at.map((t) => t - start)).toEqual([100, 300, 700, 1_500]);
      task.wakeAt(new Date(start + 5_000)); // later than planned: nothing changes
      task.wakeAt(new Date(start + 1_700)); // sooner: the pass moves there, or to the grace after the signal (1,800)
      task.wakeAt(new Date(start)); // already due: the same
      await jest.advanceTimersByTimeAsync(350);
      // After the woken pass (1,800) the pause starts again from the interval, though it found nothing.
      expect(work.at.map((t) => t - start)).toEqual([100, 300, 700, 1_500, 1_800, 1_900]);
      await task.stop();
    });

    it('runs no woken pass sooner than an interval after the last one (a long interval: no extra pass)', async () => {
      const work = countedWork();
      const task = new PeriodicTask('long', work.pass);
      const start = Date.now();
      task.start(24 * 3_600_000, { idle: { when: (found) => found === 0 } });
      task.wakeAt(new Date(start - 60_000));
      task.wakeAt(new Date(start + 1_000));
      await jest.advanceTimersByTimeAsync(3_600_000);
      expect(work.at).toEqual([]);
      await task.stop();
    });

    it('ignores a wake-up for work due later than the planned pass, and any before start or after stop', async () => {
      const work = countedWork();
      const task = new PeriodicTask('not-woken', work.pass);
      task.wakeAt(new Date(Date.now() + 50));
      await jest.advanceTimersByTimeAsync(100);
      expect(work.at).toEqual([]);
      const start = Date.now();
      task.start(100, { idle: { when: (found) => found === 0 } });
      task.wakeAt(new Date(start + 500));
      await jest.advanceTimersByTimeAsync(100);
      expect(work.at).toEqual([start + 100]);
      await task.stop();
      task.wakeAt(new Date(Date.now()));
      await jest.advanceTimersByTimeAsync(1_000);
      expect(work.at).toHaveLength(1);
    });

    it('a woken pass waits for a pass already running, then runs', async () => {
      const work = controllablePass();
      const task = new PeriodicTask('woken-while-running', work.pass);
      task.start(100, { idle: { when: () => true } });
      const running = task.runOnce();
      task.wakeAt(new Date());
      await jest.advanceTimersByTimeAsync(WAKE_GRACE_MS);
      expect(work.calls).toBe(1);
      work.finishOne();
      await running;
      await flush();
      expect(work.calls).toBe(2);
      work.finishOne();
      await flush();
      await task.stop();
    });

    it('by default waits at most twelve intervals and never more than a minute (or the interval, if longer)', () => {
      expect(defaultIdleMaxMs(200)).toBe(2_400);
      expect(defaultIdleMaxMs(5_000)).toBe(60_000);
      expect(defaultIdleMaxMs(300_000)).toBe(300_000);
    });
  });
});
