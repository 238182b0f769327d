import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@aftercare/http';
import { DuplicateKeyError } from '@aftercare/persistence';
import { TenantRegistry } from '@aftercare/tenancy';
import { SURVEY_CONFIG, type SurveyConfig } from '../../config/config';
import { MonthFollowUp, monthOf, previousMonth } from '../domain';
import { MonthFollowUpRepository } from '../infrastructure/month-follow-up.repository';
import { MonthReviews } from '../infrastructure/month-reviews.store';
import { SurveySettingsStore } from '../infrastructure/survey-settings.store';
import { SurveyScores } from './survey-scores';

const TENANTS_PER_PAGE = 100;

export interface MonthReviewResult {
  reviewed: number;
  opened: number;
}

/**
 * The month-below-target follow-up (design: one per month, not one per answer). Every
 * `SURVEY_MONTH_REVIEW_INTERVAL_MS` each registered tenant's month that has just closed in its own
 * time zone is scored once (the responses of that month, as the scores API does) and, when it is
 * below the target of its year, one `MonthFollowUp` is opened: `month-below-target` on
 * `survey.public.satisfaction.events.v1`. A reviewed month is remembered (`month_reviews`), so the
 * month is scored once; the follow-up's id (`<tenant>|<month>`) keeps it to one even when two
 * instances review at once. A month is reviewed only while it is the last closed one: a service
 * down for a whole month skips that month's review.
 */
@Injectable()
export class MonthReviewJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('survey.month-review');
  private readonly task = new PeriodicTask('survey.month-review', (now) => this.pass(now), (result) => {
    if (result.opened) this.logger.log(`${result.opened} month follow-up(s) opened of ${result.reviewed} month(s) reviewed`);
  });

  constructor(
    private readonly tenants: TenantRegistry,
    private readonly reviews: MonthReviews,
    private readonly scores: SurveyScores,
    private readonly settings: SurveySettingsStore,
    private readonly followUps: MonthFollowUpRepository,
    @Inject(SURVEY_CONFIG) private readonly config: SurveyConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.SURVEY_MONTH_REVIEW_INTERVAL_MS, { immediately: true });
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One pass at `now`, besides the timer's (tests call it with chosen instants). */
  runOnce(now: Date): Promise<MonthReviewResult> {
    return this.task.runOnce(now);
  }

  private async pass(now: Date): Promise<MonthReviewResult> {
    const result: MonthReviewResult = { reviewed: 0, opened: 0 };
    let after: string | null = null;
    for (;;) {
      const page = await this.tenants.page(after, TENANTS_PER_PAGE);
      for (const tenant of page.items) {
        if (this.task.stopped) return result;
        const outcome = await this.review(tenant.id, now);
        if (outcome !== 'already') result.reviewed += 1;
        if (outcome === 'opened') result.opened += 1;
      }
      if (!page.more || page.items.length === 0) return result;
      after = page.items[page.items.length - 1].id;
    }
  }

  private async review(tenantId: string, now: Date): Promise<'already' | 'opened' | 'on_target'> {
    const { timeZone } = await this.settings.of(tenantId);
    const month = previousMonth(monthOf(now, timeZone));
    if (await this.reviews.isReviewed(tenantId, month)) return 'already';
    const score = await this.scores.ofMonth(tenantId, month);
    let outcome: 'opened' | 'on_target' = 'on_target';
    if (score.belowTarget) {
      try {
        await this.followUps.save(MonthFollowUp.open(tenantId, score, timeZone, now));
        outcome = 'opened';
      } catch (error) {
        // Opened by an earlier, interrupted review or by another instance: still one.
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    await this.reviews.markReviewed(tenantId, month, { belowTarget: score.belowTarget, at: now });
    return outcome;
  }
}
