import { oneAcknowledgementPerDocument } from './outbox-relay';
import type { PublishedSave } from './outbox';

const save = (documentId: string, version: number, entryIds: string[], drained = true): PublishedSave => ({
  documentId,
  tenantId: 'acme',
  version,
  entryIds,
  drained,
});

describe('oneAcknowledgementPerDocument (saves acknowledged together)', () => {
  it('keeps saves of different documents as they are, in order', () => {
    const saves = [save('a', 1, ['a1']), save('b', 3, ['b3'], false)];
    expect(oneAcknowledgementPerDocument(saves)).toEqual(saves);
  });

  it("makes one acknowledgement of a document's saves: the newest version and drained state, every entry", () => {
    const merged = oneAcknowledgementPerDocument([save('a', 1, ['a1']), save('b', 1, ['b1']), save('a', 2, ['a2'], false), save('a', 3, ['a3'])]);
    expect(merged).toEqual([save('a', 3, ['a1', 'a2', 'a3']), save('b', 1, ['b1'])]);
  });

  it('keeps the newest version when the saves arrive out of order', () => {
    expect(oneAcknowledgementPerDocument([save('a', 4, ['a4'], false), save('a', 2, ['a2'])])).toEqual([save('a', 4, ['a4', 'a2'], false)]);
  });

  it('acknowledges nothing for no saves', () => {
    expect(oneAcknowledgementPerDocument([])).toEqual([]);
  });
});
