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
 * A collection whose documents carry an outbox. Claiming leases documents so that two relay
 * instances do not publish the same document at once; a crash simply lets the lease expire.
 */
export interface OutboxStore {
  readonly outboxName: string;
  claim(limit: number, leaseMs: number): Promise<ClaimedOutbox[]>;
  /** Removes the published entries and frees the documents' leases, in one round trip. */
  acknowledge(published: Array<{ documentId: string; entryIds: string[] }>): Promise<void>;
  release(documentIds: string[]): Promise<void>;
  backlog(): Promise<number>;
}
