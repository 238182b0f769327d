/** A stored document whose every write is guarded by its version (`{ _id, tenantId, version }`). */
export interface VersionedDocument {
  _id: string;
  tenantId: string;
  version: number;
}

/**
 * The version-guarded documents this process read or wrote last, by id, so that a change can be
 * decided on the remembered copy and written without reading the document again. That is safe
 * only because the write is guarded: it lands when the copy was current and misses its guard
 * when anyone else (a job, another instance) changed the document since; the caller then forgets
 * the copy and reads. What the copy can never be trusted for is "nothing to change": a
 * decision not to write must be made on a fresh read. Bounded; the copy least recently
 * remembered is forgotten first.
 */
export class RememberedDocuments<D extends VersionedDocument> {
  private readonly byId = new Map<string, D>();

  constructor(private readonly capacity = 10_000) {}

  /** The remembered copy of `id` if it belongs to `tenantId`. */
  recall(tenantId: string, id: string): D | undefined {
    const document = this.byId.get(id);
    return document?.tenantId === tenantId ? document : undefined;
  }

  remember(document: D): void {
    this.byId.delete(document._id);
    this.byId.set(document._id, document);
    if (this.byId.size > this.capacity) this.byId.delete(this.byId.keys().next().value as string);
  }

  forget(id: string): void {
    this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }
}
