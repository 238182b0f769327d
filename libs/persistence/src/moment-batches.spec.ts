import { MomentBatches } from './moment-batches';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('MomentBatches', () => {
  it('sends what was added in one turn of the event loop as one batch', async () => {
    const sent: number[][] = [];
    const batches = new MomentBatches<number>(async (batch) => void sent.push(batch), 100);
    [1, 2, 3].forEach((n) => batches.add(n));
    expect(sent).toEqual([]);
    await turn();
    expect(sent).toEqual([[1, 2, 3]]);
  });

  it('sends what was added while a batch was in flight as the next batch, one batch at a time', async () => {
    const sent: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const batches = new MomentBatches<number>(async (batch) => {
      sent.push(batch);
      if (sent.length === 1) await first;
    }, 100);
    batches.add(1);
    await turn();
    batches.add(2);
    batches.add(3);
    await turn();
    expect(sent).toEqual([[1]]);
    release();
    await turn();
    expect(sent).toEqual([[1], [2, 3]]);
  });

  it('keeps a batch within its size, never splitting a request; a larger request goes alone', async () => {
    const sent: string[][] = [];
    const batches = new MomentBatches<string>(async (batch) => void sent.push(batch), 4, (request) => request.length);
    ['aa', 'bb', 'c', 'ddddd', 'e'].forEach((r) => batches.add(r));
    await turn();
    await turn();
    expect(sent).toEqual([['aa', 'bb'], ['c'], ['ddddd'], ['e']]);
  });
});
