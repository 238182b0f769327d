import { KeyedConcurrency } from './keyed-concurrency';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A task that finishes when told to, recording when it started and finished. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    task: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
    },
  };
}

describe('KeyedConcurrency', () => {
  it('runs tasks of different keys side by side', async () => {
    const log: string[] = [];
    const [a, b] = [gate(log, 'a'), gate(log, 'b')];
    const lanes = new KeyedConcurrency(4);
    await lanes.schedule('x', a.task);
    await lanes.schedule('y', b.task);
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    b.open();
    a.open();
    await lanes.settled();
    expect(log).toEqual(['start a', 'start b', 'end b', 'end a']);
  });

  it('runs tasks of one key in order, the next only after the previous ended', async () => {
    const log: string[] = [];
    const [first, second, third] = [gate(log, '1'), gate(log, '2'), gate(log, '3')];
    const lanes = new KeyedConcurrency(4);
    await lanes.schedule('k', first.task);
    await lanes.schedule('k', second.task);
    await lanes.schedule('k', third.task);
    await tick();
    expect(log).toEqual(['start 1']);
    third.open();
    second.open();
    first.open();
    await lanes.settled();
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('never runs more than the limit at once: scheduling waits for a free slot', async () => {
    const log: string[] = [];
    const gates = ['a', 'b', 'c'].map((name) => gate(log, name));
    const lanes = new KeyedConcurrency(2);
    await lanes.schedule('a', gates[0].task);
    await lanes.schedule('b', gates[1].task);
    let third = false;
    const scheduling = lanes.schedule('c', gates[2].task).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    expect(log).toEqual(['start a', 'start b']);
    gates[0].open();
    await scheduling;
    await tick();
    expect(log).toContain('start c');
    gates[1].open();
    gates[2].open();
    await lanes.settled();
  });

  it('reports the first failure once everything scheduled has settled; skips the failed key\'s later tasks, runs the other keys', async () => {
    const ran: string[] = [];
    const lanes = new KeyedConcurrency(3);
    await lanes.schedule('a', async () => {
      throw new Error('broken');
    });
    await lanes.schedule('a', async () => {
      ran.push('after failure, same key');
    });
    await lanes.schedule('b', async () => {
      ran.push('other key');
    });
    await expect(lanes.settled()).rejects.toThrow('broken');
    expect(ran).toEqual(['other key']);
  });

  it('settles at once with nothing scheduled', async () => {
    await expect(new KeyedConcurrency(1).settled()).resolves.toBeUndefined();
  });
});
