/**
 * What a record's own rule set before this point (the transition of a fact, an earlier step of the
 * same life cycle). Missing, the record broke that rule: an invariant violation named by record and
 * field — not carried on or published half-empty, and never the caller's error (a plain Error).
 */
export function setBy<T>(value: T | null | undefined, what: string, record: string): T {
  if (value === null || value === undefined) throw new Error(`${record}: ${what} is not set after the fact that sets it`);
  return value;
}
