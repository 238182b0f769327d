import { Inject, Injectable } from '@nestjs/common';
import { closesAt, monthBounds } from '@aftercare/monthly-report/calendar';
import { ConcurrencyError, DuplicateKeyError } from '@aftercare/persistence';
import { MonthFiguresPublication, publicationIdOf } from '../domain/month-figures-publication';
import { MonthFiguresPublicationRepository } from '../infrastructure/month-figures-publication.repository';
import { MONTH_FIGURES_SETTINGS, MONTH_FIGURES_SOURCE, type MonthFiguresSettings, type MonthFiguresSource } from './month-figures.ports';

export type PublishOutcome = 'published' | 'republished' | 'unchanged';
const ATTEMPTS = 5;

/**
 * Computes an owner's figures of a closed month over its own data and publishes them: the first
 * time at the close, again only when they changed (late data). Safe on two instances at once:
 * the publication is created by insert and changed by compare-and-set, and a lost race recomputes.
 */
@Injectable()
export class MonthFiguresPublisher {
  constructor(
    private readonly publications: MonthFiguresPublicationRepository,
    @Inject(MONTH_FIGURES_SOURCE) private readonly source: MonthFiguresSource<unknown>,
    @Inject(MONTH_FIGURES_SETTINGS) private readonly settings: MonthFiguresSettings,
  ) {}

  async publish(tenantId: string, month: string, now: Date): Promise<PublishOutcome> {
    const timeZone = await this.settings.timeZoneOf(tenantId);
    // An open month's figures are still moving: publishing them would print a half month.
    if (now.getTime() < closesAt(month, timeZone).getTime()) throw new RangeError(`${month} has not closed yet in ${timeZone}`);
    const figures = await this.source.figuresOf(tenantId, month, monthBounds(month, timeZone), now);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const stored = await this.publications.findById(tenantId, publicationIdOf(tenantId, month));
      try {
        if (!stored) {
          await this.publications.save(MonthFiguresPublication.publish(this.settings.owner, tenantId, month, figures, now));
          return 'published';
        }
        if (!stored.republish(figures, now)) return 'unchanged';
        await this.publications.save(stored);
        return 'republished';
      } catch (error) {
        if (!(error instanceof DuplicateKeyError || error instanceof ConcurrencyError)) throw error;
        // another instance published first: compare with what it stored
      }
    }
    throw new Error(`the month figures of ${tenantId} ${month} kept changing while being published`);
  }
}
