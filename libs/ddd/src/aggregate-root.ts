/**
 * What an aggregate knows happened to it, in its own domain terms (`kind` names the fact, `at`
 * is when it happened). Facts carry no wire shape: an aggregate's event mapper turns each one
 * into the integration event its contract promises, in one place.
 */
export interface DomainFact {
  readonly kind: string;
  readonly at: Date;
}

/**
 * An integration event ready for the outbox. `type` is the CloudEvents type
 * (`aftercare.<svc>.<aggregate>.<event>.v<N>`, a constant of `@aftercare/contracts`); `data`
 * must validate against its schema.
 */
export interface DomainEvent<TData = unknown> {
  readonly type: string;
  readonly data: TData;
  /** The service case this event belongs to (`ce_caseid`). */
  readonly caseId?: string;
  readonly occurredAt: Date;
}

/**
 * Base of every aggregate: identity, tenant, optimistic version and the facts recorded since it
 * was loaded, each with the integration event it maps to. Repositories write state and pending
 * events in one single-document write.
 *
 * A subclass records facts with `record(fact)` and implements `toIntegrationEvent` by calling
 * its mapper module (`<aggregate>.event-mapper.ts`). The mapping runs when the fact is recorded,
 * so an event describes the aggregate as it was at that moment.
 */
export abstract class AggregateRoot<TFact extends DomainFact = DomainFact> {
  private pending: Array<{ fact: TFact; event: DomainEvent }> = [];
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

  /** The one place where a fact becomes its wire event: delegate to the aggregate's mapper. */
  protected abstract toIntegrationEvent(fact: TFact): DomainEvent;

  protected record(fact: TFact): void {
    this.pending.push({ fact, event: this.toIntegrationEvent(fact) });
  }

  /** Facts recorded since load, in domain terms (what unit tests of the rules assert on). */
  get pendingFacts(): readonly TFact[] {
    return this.pending.map((p) => p.fact);
  }

  /** The integration events of those facts, in order (what the repository puts in the outbox). */
  get pendingEvents(): readonly DomainEvent[] {
    return this.pending.map((p) => p.event);
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

  /**
   * True when the aggregate can tell that nothing changed since it was loaded (a command that was
   * a no-op, such as an empty PATCH): the repository then writes nothing, so the version and the
   * ETag stay. The base cannot tell and says false; an aggregate that can tell overrides it.
   */
  get unchanged(): boolean {
    return false;
  }
}
