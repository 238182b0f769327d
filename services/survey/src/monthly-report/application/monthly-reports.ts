import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DomainError } from '@aftercare/ddd';
import {
  SOURCES,
  closesAt,
  composeMonthlyReport,
  firstRevision,
  latestRevision,
  reviseReport,
  type MonthlyReportSnapshot,
  type Revision,
  type RevisionReason,
  type Source,
  type TrendPoint,
} from '@aftercare/monthly-report';
import { TenantRegistry } from '@aftercare/tenancy';
import { SURVEY_CONFIG, type SurveyConfig } from '../../config/config';
import { targetPercentFor } from '../../survey/domain';
import { SurveySettingsStore } from '../../survey/infrastructure/survey-settings.store';
import { MonthFiguresStore } from '../infrastructure/month-figures.store';
import { MonthlyReportStore } from '../infrastructure/monthly-report.store';

/** Who generates a report nobody asked for: the job after the close, or the last owner's figures. */
export const GENERATED_BY = 'system:monthly-report';
const CAS_ATTEMPTS = 5;

/**
 * The monthly report of each tenant, composed from the month figures its owners published. The
 * first revision is generated after the month closes in the tenant's time zone (by the job, or as
 * soon as all five owners have reported); figures that change afterwards make a new revision with
 * an audit line naming the owner.
 */
@Injectable()
export class MonthlyReports {
  constructor(
    private readonly figures: MonthFiguresStore,
    private readonly reports: MonthlyReportStore,
    private readonly settings: SurveySettingsStore,
    @Inject(SURVEY_CONFIG) private readonly config: SurveyConfig,
    private readonly tenants: TenantRegistry,
  ) {}

  /** The zone the tenant was registered with: the owners close its month at the same midnight (ADR 0037). */
  timeZoneOf(tenantId: string): Promise<string> {
    return this.tenants.timeZoneOf(tenantId);
  }

  /** An owner's figures arrived: stored; a report already generated gets a revision when they changed it. */
  async receiveFigures(tenantId: string, month: string, owner: Source, figures: unknown, publishedAt: Date, now: Date): Promise<Revision | null> {
    const outcome = await this.figures.record(tenantId, month, owner, figures, publishedAt);
    if (outcome !== 'changed') return null;
    if (await this.reports.find(tenantId, month)) return this.generate(tenantId, month, now, `source:${owner}`, 'late_data');
    const timeZone = await this.timeZoneOf(tenantId);
    const everyone = Object.keys(await this.figures.ofMonth(tenantId, month)).length === SOURCES.length;
    if (everyone && now.getTime() >= closesAt(month, timeZone).getTime()) return this.generate(tenantId, month, now, GENERATED_BY);
    return null;
  }

  /**
   * Composes the month from the stored figures: the first revision when there is no report, else a
   * new revision when anything changed (null when nothing did). Safe to run twice or on two instances.
   */
  async generate(tenantId: string, month: string, now: Date, by: string, reason: Exclude<RevisionReason, 'month_closed'> = 'correction'): Promise<Revision | null> {
    for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt += 1) {
      const content = await this.compose(tenantId, month);
      const stored = await this.reports.find(tenantId, month);
      if (!stored) {
        const report = firstRevision(content, now, by);
        if (!(await this.reports.insert(report))) continue;
        // Figures stored while this revision was being composed found no report to revise
        // (`receiveFigures`): look once more, now that the report exists.
        return (await this.generate(tenantId, month, now, by, 'late_data')) ?? report.revisions[0];
      }
      const { report, revision } = reviseReport(stored.report, content, now, by, reason);
      if (!revision) return null;
      if (await this.reports.replace(report, stored.version)) return revision;
    }
    throw new DomainError('MONTHLY_REPORT_CONTENDED', `the report of ${month} kept changing while being revised`, 'conflict');
  }

  async find(tenantId: string, month: string): Promise<MonthlyReportSnapshot | null> {
    return (await this.reports.find(tenantId, month))?.report ?? null;
  }

  private async compose(tenantId: string, month: string) {
    const settings = await this.settings.of(tenantId);
    const previous = Array.from({ length: 11 }, (_, i) => DateTime.fromFormat(month, 'yyyy-MM').minus({ months: i + 1 }).toFormat('yyyy-MM'));
    const history: TrendPoint[] = (await this.reports.findMonths(tenantId, previous)).map((r) => {
      const trend = latestRevision(r).content.trend;
      return trend[trend.length - 1];
    });
    return composeMonthlyReport({
      tenantId,
      month,
      timeZone: await this.timeZoneOf(tenantId),
      currency: this.config.REPORT_CURRENCY,
      figures: await this.figures.ofMonth(tenantId, month),
      targets: { resolutionPercent: this.config.REPORT_RESOLUTION_TARGET_PERCENT, satisfactionPercent: targetPercentFor(settings, Number(month.slice(0, 4))) },
      history,
    });
  }
}
