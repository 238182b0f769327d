import { PeriodicTask } from './periodic-task';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeriodicTask', () => {
  it('runs passes on its interval, never two at once, and reports their results', async () => {
    let active = 0;
    let maxActive = 0;
    const reported: number[] = [];
    let count = 0;
    const task = new PeriodicTask(
      'test',
      async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(30);
        active -= 1;
        return (count += 1);
      },
      (n) => reported.push(n),
    );
    task.start(5, { immediately: true });
    await sleep(150);
    await task.stop();
    expect(maxActive).toBe(1);
    expect(reported.length).toBeGreaterThanOrEqual(2);
    expect(reported).toEqual([...reported].sort((a, b) => a - b));
  });

  it('keeps going after a failed pass', async () => {
    let calls = 0;
    const task = new PeriodicTask('flaky', async () => {
      calls += 1;
      if (calls === 1) throw new Error('store unreachable');
      return calls;
    });
    task.start(5, { immediately: true });
    await sleep(60);
    await task.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('waits on stop for the pass in flight and starts none after it', async () => {
    let finished = false;
    let calls = 0;
    const task = new PeriodicTask('drain', async () => {
      calls += 1;
      await sleep(50);
      finished = true;
    });
    task.start(5, { immediately: true });
    await sleep(10);
    await task.stop();
    expect(finished).toBe(true);
    expect(task.stopped).toBe(true);
    const after = calls;
    await sleep(30);
    expect(calls).toBe(after);
  });

  it('does not schedule with interval 0, but runs on demand and shares a pass in flight', async () => {
    let calls = 0;
    const task = new PeriodicTask('manual', async () => {
      calls += 1;
      await sleep(20);
      return calls;
    });
    task.start(0);
    await sleep(30);
    expect(calls).toBe(0);
    const [a, b] = await Promise.all([task.runOnce(), task.runOnce()]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
  });
});
