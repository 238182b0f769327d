import { Controller, Get, Headers, Param, StreamableFile } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '@aftercare/auth';
import { DomainError, invalidFields } from '@aftercare/ddd';
import { ApiRead, ApiStandardProblems } from '@aftercare/http';
import { MONTH_PATTERN, isMonth, latestRevision, renderReportPdf, renderReportXlsx, revisionNumbered, type MonthlyReportSnapshot } from '@aftercare/monthly-report';
import { MonthlyReports } from '../application/monthly-reports';
import { MonthlyReportView, monthlyReportView } from '../application/monthly-report.view';

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMATS = 'JSON by default; `Accept: application/pdf` answers the PDF with charts, `Accept: ' + XLSX + '` the XLSX workbook (same revision).';
/** Revision numbers as the path takes them: 1 to 999999. */
const REVISION_PATTERN = '^[1-9][0-9]{0,5}$';
const MONTH_PARAM = { name: 'month', description: 'YYYY-MM, in the tenant\'s time zone', schema: { type: 'string' as const, pattern: MONTH_PATTERN, example: '2026-03' } };
const PROBLEMS = { 400: 'MONTHLY_REPORT_INVALID: month not YYYY-MM or revision not a positive integer', 404: 'MONTHLY_REPORT_NOT_FOUND' };

/** The monthly report of the tenant (managers): the latest revision, or any earlier one, as JSON, PDF or XLSX. */
@ApiTags('monthly-reports')
@ApiStandardProblems()
@Controller('monthly-reports')
export class MonthlyReportsController {
  constructor(private readonly reports: MonthlyReports) {}

  @Get(':month')
  @Roles('manager')
  @ApiParam(MONTH_PARAM)
  @ApiProduces('application/json', PDF, XLSX)
  @ApiRead({ summary: "The month's report, latest revision", description: FORMATS, ok: MonthlyReportView, etag: false, problems: PROBLEMS })
  async latest(@TenantId() tenantId: string, @Param('month') month: string, @Headers('accept') accept: string | undefined): Promise<MonthlyReportView | StreamableFile> {
    const report = await this.load(tenantId, month);
    return this.answer(report, latestRevision(report).number, accept);
  }

  @Get(':month/revisions/:number')
  @Roles('manager')
  @ApiParam(MONTH_PARAM)
  @ApiParam({ name: 'number', description: 'the revision, 1 for the first', schema: { type: 'string', pattern: REVISION_PATTERN, example: '1' } })
  @ApiProduces('application/json', PDF, XLSX)
  @ApiRead({ summary: 'One submitted revision of the report, as it was', description: FORMATS, ok: MonthlyReportView, etag: false, problems: PROBLEMS })
  async revision(
    @TenantId() tenantId: string,
    @Param('month') month: string,
    @Param('number') number: string,
    @Headers('accept') accept: string | undefined,
  ): Promise<MonthlyReportView | StreamableFile> {
    if (!new RegExp(REVISION_PATTERN).test(number)) throw invalidFields('MONTHLY_REPORT_INVALID', 'revision invalid', [{ field: 'number', message: 'must be a positive integer' }], 'invalid');
    return this.answer(await this.load(tenantId, month), Number(number), accept);
  }

  private async load(tenantId: string, month: string): Promise<MonthlyReportSnapshot> {
    if (!isMonth(month)) throw invalidFields('MONTHLY_REPORT_INVALID', 'month invalid', [{ field: 'month', message: 'must be YYYY-MM' }], 'invalid');
    const report = await this.reports.find(tenantId, month);
    if (!report) throw new DomainError('MONTHLY_REPORT_NOT_FOUND', `no report of ${month} yet: it is generated after the month closes`, 'not_found');
    return report;
  }

  private async answer(report: MonthlyReportSnapshot, number: number, accept: string | undefined): Promise<MonthlyReportView | StreamableFile> {
    const revision = revisionNumbered(report, number);
    if (!revision) throw new DomainError('MONTHLY_REPORT_NOT_FOUND', `the report of ${report.month} has no revision ${number}`, 'not_found');
    const wanted = accept ?? '';
    const filename = `monthly-report-${report.month}-r${number}`;
    if (wanted.includes(PDF)) return new StreamableFile(await renderReportPdf(report, number), { type: PDF, disposition: `attachment; filename="${filename}.pdf"` });
    if (wanted.includes(XLSX)) return new StreamableFile(await renderReportXlsx(report, number), { type: XLSX, disposition: `attachment; filename="${filename}.xlsx"` });
    return monthlyReportView(report, revision);
  }
}
