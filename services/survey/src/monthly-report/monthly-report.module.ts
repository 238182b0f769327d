import { Module } from '@nestjs/common';
import { SurveyMonthFiguresModule } from '../month-figures/month-figures.module';
import { SurveyModule } from '../survey/survey.module';
import { MonthlyReports } from './application/monthly-reports';
import { ReportScheduler } from './application/report-scheduler';
import { MonthFiguresHandler } from './inbound/month-figures.handler';
import { MonthlyReportsController } from './inbound/monthly-reports.controller';
import { MonthFiguresStore } from './infrastructure/month-figures.store';
import { MonthlyReportStore } from './infrastructure/monthly-report.store';

/** The monthly report (ADR 0032): owners' month figures in, revisions out as JSON, PDF and XLSX. */
@Module({
  imports: [SurveyModule, SurveyMonthFiguresModule],
  controllers: [MonthlyReportsController, MonthFiguresHandler],
  providers: [MonthFiguresStore, MonthlyReportStore, MonthlyReports, ReportScheduler],
  exports: [MonthlyReports, ReportScheduler],
})
export class MonthlyReportModule {}
