/**
 * `MonthFiguresPublication`: what survey last published of a tenant's month for the monthly
 * report (id `<tenant>:<month>`, also the Kafka key). Publishing the same figures again records
 * nothing; changed figures (late data) are published again, newest `publishedAt` wins downstream.
 */
import { AggregateRoot, type DomainEvent } from '@aftercare/ddd';
import type { SurveyMonthFiguresV1 } from '@aftercare/contracts';
import { publicationEventOf } from './month-figures-publication.event-mapper';

export type PublicationFact = { kind: 'published'; at: Date };
export type PublicationState = Omit<PublicationSnapshot, 'version'>;

export interface PublicationSnapshot {
  id: string;
  tenantId: string;
  version: number;
  month: string;
  figures: SurveyMonthFiguresV1;
  publishedAt: Date;
}

export const publicationIdOf = (tenantId: string, month: string) => `${tenantId}:${month}`;

export class MonthFiguresPublication extends AggregateRoot<PublicationFact> {
  private constructor(
    private s: PublicationState,
    version: number,
  ) {
    super(s.id, s.tenantId, version);
  }

  static publish(tenantId: string, month: string, figures: SurveyMonthFiguresV1, at: Date): MonthFiguresPublication {
    const publication = new MonthFiguresPublication({ id: publicationIdOf(tenantId, month), tenantId, month, figures: structuredClone(figures), publishedAt: at }, 0);
    publication.record({ kind: 'published', at });
    return publication;
  }

  static fromSnapshot(snapshot: PublicationSnapshot): MonthFiguresPublication {
    const { version, ...state } = snapshot;
    return new MonthFiguresPublication(structuredClone(state), version);
  }

  /** Publishes again only when the figures changed; true when it did. */
  republish(figures: SurveyMonthFiguresV1, at: Date): boolean {
    if (JSON.stringify(figures) === JSON.stringify(this.s.figures)) return false;
    this.s = { ...this.s, figures: structuredClone(figures), publishedAt: at };
    this.record({ kind: 'published', at });
    return true;
  }

  toSnapshot(): PublicationSnapshot {
    return { ...structuredClone(this.s), version: this.version };
  }

  protected toIntegrationEvent(fact: PublicationFact): DomainEvent {
    return publicationEventOf(fact, this.s);
  }
}
