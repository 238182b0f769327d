import type { EventEnvelope } from '@aftercare/contracts';

/** One event waiting in an aggregate document's outbox: where it goes and the full envelope. */
export interface OutboxEntry {
  topic: string;
  envelope: EventEnvelope;
}

export interface ClaimedOutbox {
  documentId: string;
  entries: OutboxEntry[];
}

/**
 * What one save left in a document's outbox, handed to the relay right after the write:
 * `entries` in the order they must leave — what the document held when it was loaded (a
 * crashed process's leftovers, or this process's own earlier saves still on their way) and
 * then what this save appended. `complete` says whether `entries` is known to be the whole
 * outbox at `version` (false when the document was loaded by a path that did not record it).
 */
export interface SavedOutbox {
  documentId: string;
  tenantId: string;
  version: number;
  entries: OutboxEntry[];
  complete: boolean;
}

/** After a publish: the entries of one save that left, and whether its whole outbox has. */
export interface PublishedSave {
  documentId: string;
  tenantId: string;
  version: number;
  entryIds: string[];
  /** Every entry the document held at `version` is published: the outbox may be emptied under the version guard. */
  drained: boolean;
}

export interface ClaimOptions {
  /** Only documents whose pending events are older than this (a sweep leaves the young ones to the saver's own publish). */
  pendingBefore?: Date;
  /** Only these documents (a retry of saves whose publish failed). */
  documentIds?: string[];
}

/**
 * A collection whose documents carry an outbox. Claiming leases documents so that two relay
 * instances do not publish the same document at once; a crash simply lets the lease expire.
 */
export interface OutboxStore {
  readonly outboxName: string;
  claim(limit: number, leaseMs: number, options?: ClaimOptions): Promise<ClaimedOutbox[]>;
  /** Removes the published entries and frees the documents' leases, in one round trip. */
  acknowledge(published: Array<{ documentId: string; entryIds: string[] }>): Promise<void>;
  /** Acknowledges saves published right after their write: one round trip, one or two writes by `_id` per document. */
  acknowledgeSaved(published: PublishedSave[]): Promise<void>;
  release(documentIds: string[]): Promise<void>;
  /** Documents with pending events (counts them: for tests and operators, not for a hot path). */
  backlog(): Promise<number>;
}
