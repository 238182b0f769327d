/**
 * A fact an aggregate records about itself. `type` is the CloudEvents type
 * (`aftercare.<svc>.<aggregate>.<event>.v<N>`); `data` must validate against its schema.
 */
export interface DomainEvent<TData = unknown> {
  readonly type: string;
  readonly data: TData;
  /** The service case this fact belongs to (`ce_caseid`). */
  readonly caseId?: string;
  readonly occurredAt: Date;
}

/**
 * Base of every aggregate: identity, tenant, optimistic version and the events recorded since it
 * was loaded. Repositories write state and pending events in one single-document write.
 */
export abstract class AggregateRoot {
  private pending: DomainEvent[] = [];
  private handled: string[];

  protected constructor(
    readonly id: string,
    readonly tenantId: string,
    private persistedVersion: number,
    handledMessageIds: readonly string[] = [],
  ) {
    this.handled = [...handledMessageIds];
  }

  /** The version stored now; a save succeeds only if the store still has this version. */
  get version(): number {
    return this.persistedVersion;
  }

  protected record<TData>(type: string, data: TData, caseId?: string, occurredAt = new Date()): void {
    this.pending.push({ type, data, caseId, occurredAt });
  }

  get pendingEvents(): readonly DomainEvent[] {
    return this.pending;
  }

  /** Called by the repository once the write succeeded. */
  markPersisted(newVersion: number): void {
    this.persistedVersion = newVersion;
    this.pending = [];
  }

  /** Idempotent message handling: the ids of messages whose effect is already in this state. */
  hasHandled(messageId: string): boolean {
    return this.handled.includes(messageId);
  }

  markHandled(messageId: string): void {
    if (!this.handled.includes(messageId)) this.handled.push(messageId);
  }

  get handledMessageIds(): readonly string[] {
    return this.handled;
  }
}
