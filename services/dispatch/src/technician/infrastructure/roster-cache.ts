/** The fields the cache needs of a stored technician. */
export interface CachedDocument {
  _id: string;
  tenantId: string;
  version: number;
}

/** A tenant's roster as cached: `loadedAt` is when it was read whole from the store. */
export interface CachedRoster<T> {
  readonly entries: readonly T[];
  readonly loadedAt: number;
}

/**
 * Each tenant's technicians, read whole from the store at most every `ttlMs` (the candidate list
 * of every assignment: reading ~500 documents per case costs ~20 single-document reads on the
 * embedded store). This instance's own writes keep it current: a capacity change replaces the
 * one technician it read and wrote (newer versions only), a profile save forgets the tenant. What
 * other instances change is seen within `ttlMs`; the assignment never relies on it alone (the
 * take re-reads the winner; "nobody found" is decided on a fresh read). `ttlMs` 0 disables it.
 */
export class RosterCache<D extends CachedDocument, T> {
  private readonly tenants = new Map<string, { loadedAt: number; byId: Map<string, { version: number; entry: T }> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly toEntry: (document: D) => T,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The tenant's cached roster in id order, or null when absent or older than the TTL. */
  get(tenantId: string): CachedRoster<T> | null {
    const roster = this.tenants.get(tenantId);
    if (!roster) return null;
    if (this.clock() - roster.loadedAt >= this.ttlMs) {
      this.tenants.delete(tenantId);
      return null;
    }
    const ids = [...roster.byId.keys()].sort();
    return { entries: ids.map((id) => (roster.byId.get(id) as { entry: T }).entry), loadedAt: roster.loadedAt };
  }

  /** Caches the tenant's whole roster as just read (`loadedAt`: when the read started). */
  put(tenantId: string, documents: readonly D[], loadedAt: number): CachedRoster<T> {
    // A capacity change this instance made while the read was under way may be newer than what it read.
    const known = this.tenants.get(tenantId)?.byId;
    const byId = new Map(
      documents.map((d) => {
        const kept = known?.get(d._id);
        return [d._id, kept && kept.version > d.version ? kept : { version: d.version, entry: this.toEntry(d) }];
      }),
    );
    if (this.ttlMs > 0) this.tenants.set(tenantId, { loadedAt, byId });
    return { entries: documents.map((d) => (byId.get(d._id) as { entry: T }).entry), loadedAt };
  }

  /** Replaces one technician with a newer version read or written by this instance. */
  refresh(document: D): void {
    const roster = this.tenants.get(document.tenantId);
    if (!roster) return;
    const cached = roster.byId.get(document._id);
    if (cached && cached.version >= document.version) return;
    roster.byId.set(document._id, { version: document.version, entry: this.toEntry(document) });
  }

  /** Drops one technician found missing (or another tenant's). */
  remove(tenantId: string, id: string): void {
    this.tenants.get(tenantId)?.byId.delete(id);
  }

  forget(tenantId: string): void {
    this.tenants.delete(tenantId);
  }
}
