/**
 * `MonthFiguresPublication`: what an owner last published of a tenant's month for the monthly
 * report (id `<tenant>:<month>`, also the Kafka key; ADR 0032, ADR 0037). The same figures again
 * publish nothing; changed figures (late data) are published again and the newest `publishedAt`
 * wins downstream. Every owner uses this one aggregate, stored in its own database.
 */
import { AggregateRoot, type DomainEvent } from '@aftercare/ddd';
import { MONTH_FIGURES_TYPES, type MonthFiguresOwnerV1, type MonthFiguresPublishedV1 } from '@aftercare/contracts';

export type PublicationFact = { kind: 'published'; at: Date };

export interface PublicationSnapshot<F = unknown> {
  id: string;
  tenantId: string;
  version: number;
  owner: MonthFiguresOwnerV1;
  month: string;
  figures: F;
  publishedAt: Date;
}

type PublicationState<F> = Omit<PublicationSnapshot<F>, 'version'>;

export const publicationIdOf = (tenantId: string, month: string) => `${tenantId}:${month}`;

export class MonthFiguresPublication<F = unknown> extends AggregateRoot<PublicationFact> {
  private constructor(
    private s: PublicationState<F>,
    version: number,
  ) {
    super(s.id, s.tenantId, version);
  }

  static publish<F>(owner: MonthFiguresOwnerV1, tenantId: string, month: string, figures: F, at: Date): MonthFiguresPublication<F> {
    const publication = new MonthFiguresPublication<F>({ id: publicationIdOf(tenantId, month), tenantId, owner, month, figures: structuredClone(figures), publishedAt: at }, 0);
    publication.record({ kind: 'published', at });
    return publication;
  }

  static fromSnapshot<F>(snapshot: PublicationSnapshot<F>): MonthFiguresPublication<F> {
    const { version, ...state } = snapshot;
    return new MonthFiguresPublication<F>(structuredClone(state), version);
  }

  get figures(): F {
    return structuredClone(this.s.figures);
  }

  /** Publishes again only when the figures changed; true when it did. */
  republish(figures: F, at: Date): boolean {
    if (sameFigures(figures, this.s.figures)) return false;
    this.s = { ...this.s, figures: structuredClone(figures), publishedAt: at };
    this.record({ kind: 'published', at });
    return true;
  }

  toSnapshot(): PublicationSnapshot<F> {
    return { ...structuredClone(this.s), version: this.version };
  }

  protected toIntegrationEvent(fact: PublicationFact): DomainEvent<MonthFiguresPublishedV1<F>> {
    return {
      // The version the owner publishes today (ADR 0043: v2 for dispatch and claims); a month
      // stored under v1 is republished as v2 by the next pass, its figures having grown.
      type: MONTH_FIGURES_TYPES[this.s.owner],
      occurredAt: fact.at,
      data: { tenantId: this.s.tenantId, month: this.s.month, publishedAt: fact.at.toISOString(), figures: structuredClone(this.s.figures) },
    };
  }
}

/** Figures are plain JSON built in a fixed order by their owner, so equal figures serialise equally. */
function sameFigures(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
