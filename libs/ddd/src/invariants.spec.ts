import { setBy } from './invariants';

describe('setBy', () => {
  it('gives back what is there, falsy values included', () => {
    expect(setBy('DN-1', 'the dispatch note', 'parts request pr-1')).toBe('DN-1');
    expect(setBy(0, 'the count', 'parts request pr-1')).toBe(0);
  });

  it.each([null, undefined])('names the record and what is missing when it is %s', (missing) => {
    expect(() => setBy(missing, 'the carrier', 'parts request pr-1')).toThrow('parts request pr-1: the carrier is not set after the fact that sets it');
  });
});
