import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import {
  API_PREFIX,
  ApiCommand,
  ApiCreate,
  ApiList,
  ApiProblem,
  ApiRead,
  ApiStandardProblems,
  ApiWholeList,
  expectation,
  preconditionOf,
  setEtag,
  underPrecondition,
} from '@aftercare/http';
import { actorOf, approvalsAsForbidden } from '../../common/approvals';
import { OpenQualityClaim } from '../application/open-quality-claim';
import { QualityClaimCommands, type CommandContext } from '../application/quality-claim-commands';
import { QualityClaimQueries } from '../application/quality-claim.queries';
import { EightDReportView, OverdueActionList, QualityClaimPage, QualityClaimView, toQualityClaimView } from '../application/quality-claim.view';
import { eightDReportOf } from '../report/eight-d-report';
import { renderEightDHtml } from '../report/render-html';
import { renderEightDPdf } from '../report/render-pdf';
import type { QualityClaim } from '../domain';
import {
  CloseClaimDto,
  ContainmentDto,
  CustomerContactDto,
  ImplementationDto,
  LateReplyExplanationDto,
  ListQualityClaimsQueryDto,
  NoteDto,
  OpenQualityClaimDto,
  PlanActionsDto,
  RecognitionDto,
  RejectClaimDto,
  RootCauseDto,
  TeamDto,
  TriageDto,
  VerificationDto,
} from './quality-claim.dto';

const READERS = ['quality_engineer', 'manager', 'service_manager', 'deputy_gm', 'general_manager', 'agent'] as const;
const INVESTIGATORS = ['quality_engineer', 'manager', 'service_manager', 'deputy_gm', 'general_manager'] as const;
const NOT_FOUND = { 404: 'QUALITY_CLAIM_NOT_FOUND (also for another tenant)' };
const STEP = { ...NOT_FOUND, 409: 'QUALITY_CLAIM_ILLEGAL_TRANSITION: not the step the claim is at', 422: 'QUALITY_CLAIM_INVALID (field errors)' };

/**
 * Quality claims over HTTP: the 8D step by step. Every command answers the claim after it with its
 * version as ETag and takes `If-Match` (optional; stale: 412).
 */
@ApiTags('quality-claims')
@ApiStandardProblems()
@ApiProblem(400, 'VALIDATION_FAILED (field errors)')
@Controller('quality-claims')
export class QualityClaimsController {
  constructor(
    private readonly open: OpenQualityClaim,
    private readonly commands: QualityClaimCommands,
    private readonly queries: QualityClaimQueries,
  ) {}

  @Post()
  @Roles('quality_engineer', 'agent', 'manager', 'service_manager')
  @ApiCreate({ summary: 'Open a quality claim by hand', description: 'Honours Idempotency-Key.', created: QualityClaimView, problems: { 422: 'QUALITY_CLAIM_INVALID' } })
  async create(@TenantId() tenantId: string, @Body() body: OpenQualityClaimDto, @Res({ passthrough: true }) response: Response): Promise<QualityClaimView> {
    const { claim } = await this.open.manual({
      id: `qc-${randomUUID()}`,
      tenantId,
      caseId: body.caseId,
      customer: { name: body.customerName ?? null },
      product: { model: body.productModel ?? null, serialNumber: body.serialNumber ?? null },
      problem: { ...body.problem },
      at: new Date(),
    });
    response.setHeader('Location', `/${API_PREFIX}/quality-claims/${encodeURIComponent(claim.id)}`);
    return this.answer(claim, response);
  }

  @Get()
  @Roles(...READERS)
  @ApiList({ summary: 'List quality claims', description: 'Newest first; filter by status.', page: QualityClaimPage })
  list(@TenantId() tenantId: string, @Query() query: ListQualityClaimsQueryDto): Promise<QualityClaimPage> {
    return this.queries.list(tenantId, { status: query.status, limit: query.limit, cursor: query.cursor });
  }

  @Get('overdue-actions')
  @Roles(...READERS)
  @ApiWholeList({
    summary: 'Permanent corrective actions past their deadline',
    description: 'Across every open claim of the tenant, oldest deadline first.',
    list: OverdueActionList,
    why: 'only actions past their deadline on open claims',
  })
  overdueActions(@TenantId() tenantId: string): Promise<OverdueActionList> {
    return this.queries.overdueActions(tenantId);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiRead({ summary: 'Read a quality claim with its eight disciplines', ok: QualityClaimView, problems: NOT_FOUND })
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<QualityClaimView> {
    const view = await this.queries.get(tenantId, id);
    setEtag(response, view.version);
    return view;
  }

  @Get(':id/report')
  @Roles(...READERS)
  @ApiRead({
    summary: 'The 8D report of the claim',
    description: 'JSON by default; `Accept: application/pdf` answers the PDF document, `Accept: text/html` the HTML page (same content).',
    ok: EightDReportView,
    problems: NOT_FOUND,
  })
  async report(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EightDReportView | StreamableFile> {
    const claim = await this.commands.load(tenantId, id);
    setEtag(response, claim.version);
    const report = eightDReportOf(claim.toSnapshot());
    const wanted = accept ?? '';
    const filename = `8D-${claim.id}`;
    if (wanted.includes('application/pdf'))
      return new StreamableFile(await renderEightDPdf(report), { type: 'application/pdf', disposition: `inline; filename="${filename}.pdf"` });
    if (wanted.includes('text/html')) return new StreamableFile(Buffer.from(renderEightDHtml(report), 'utf8'), { type: 'text/html; charset=utf-8' });
    return {
      title: report.title,
      claimId: report.claimId,
      caseId: report.caseId,
      status: report.status,
      header: [...report.header], sections: report.sections.map((s) => ({ discipline: s.discipline, title: s.title, lines: [...s.lines] })) };
  }

  @Post(':id/triage')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({ summary: 'Triage: urgency, severity, department, responsibility', description: 'A supplier responsibility sends one supplier-feedback record.', ok: QualityClaimView, problems: STEP })
  triage(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: TriageDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.triage(ctx, { ...body, supplier: body.supplier ? { ...body.supplier, quantityAffected: body.supplier.quantityAffected ?? null } : undefined }));
  }

  @Put(':id/team')
  @Roles(...INVESTIGATORS)
  @ApiCommand({ summary: 'D1: form (or replace) the team', description: 'A major claim is led by a manager rank.', ok: QualityClaimView, problems: STEP })
  team(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: TeamDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.formTeam(ctx, { leader: { ...body.leader }, members: body.members.map((m) => ({ ...m })) }));
  }

  @Post(':id/containment')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({ summary: 'D3: containment with quantities and locations', ok: QualityClaimView, problems: { ...STEP, 422: 'QUALITY_CLAIM_INVALID; ESCALATION_TEAM_REQUIRED (a major claim without its team)' } })
  contain(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ContainmentDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.contain(ctx, { ...body, locations: [...body.locations] }));
  }

  @Post(':id/root-cause')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({ summary: 'D4: the why-chain, the root cause and the escape point', ok: QualityClaimView, problems: STEP })
  rootCause(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RootCauseDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) =>
      this.commands.identifyRootCause(ctx, {
        whyChain: [...body.whyChain],
        rootCause: body.rootCause,
        escapePoint: body.escapePoint,
        ...(body.responsibility ? { responsibility: body.responsibility } : {}),
        ...(body.supplier ? { supplier: { ...body.supplier, quantityAffected: body.supplier.quantityAffected ?? null } } : {}),
      }),
    );
  }

  @Post(':id/actions')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({ summary: 'D5: permanent actions, each with an owner and a deadline', ok: QualityClaimView, problems: { ...STEP, 422: 'QUALITY_CLAIM_INVALID: an action without owner or deadline' } })
  actions(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: PlanActionsDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) =>
      this.commands.planActions(
        ctx,
        body.actions.map((a) => ({ description: a.description, owner: a.owner ?? '', deadline: a.deadline ? new Date(a.deadline) : null })),
      ),
    );
  }

  @Post(':id/implementation')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({ summary: 'D6: implementation and evidence', ok: QualityClaimView, problems: STEP })
  implement(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ImplementationDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.implement(ctx, { summary: body.summary, evidence: [...body.evidence] }));
  }

  @Post(':id/verification')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({ summary: 'D7: verification of effectiveness and prevention', description: 'Quality engineers only.', ok: QualityClaimView, problems: { ...STEP, 403: 'QUALITY_ENGINEER_REQUIRED' } })
  verify(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: VerificationDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    const prevention = { documentsChanged: [...body.prevention.documentsChanged], fmeaUpdated: body.prevention.fmeaUpdated, controlPlanUpdated: body.prevention.controlPlanUpdated, notes: body.prevention.notes ?? null };
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.verify(ctx, { result: body.result, prevention }));
  }

  @Post(':id/recognition')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({ summary: 'D8: recognise the team', ok: QualityClaimView, problems: STEP })
  recognise(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RecognitionDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.recognise(ctx, body.note));
  }

  @Post(':id/notes')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({ summary: 'Add a progress note (the general manager follows major claims through them)', ok: QualityClaimView, problems: STEP })
  note(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: NoteDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.addNote(ctx, body.text));
  }

  @Post(':id/customer-contacts')
  @HttpCode(HttpStatus.OK)
  @Roles(...READERS)
  @ApiCommand({ summary: 'Record the first contact or the rectification status sent to the customer', ok: QualityClaimView, problems: STEP })
  contact(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CustomerContactDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.recordCustomerContact(ctx, body.kind));
  }

  @Post(':id/late-reply-explanation')
  @HttpCode(HttpStatus.OK)
  @Roles('quality_engineer')
  @ApiCommand({
    summary: "Record the quality department's explanation of a late reply to the customer",
    description:
      'Quality engineers only (source 001 §1.8: the quality department explains late replies by the month end). The reply is the rectification status; late when sent after its deadline, or not sent by it. A second explanation replaces the first. Listed in GET /claims-month-figures/{month}.',
    ok: QualityClaimView,
    problems: { ...NOT_FOUND, 422: 'REPLY_NOT_LATE, QUALITY_CLAIM_INVALID (field errors)' },
  })
  explainLateReply(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: LateReplyExplanationDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.explainLateReply(ctx, body.explanation));
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({
    summary: 'Close a verified claim',
    description: "A major claim needs a manager's approval (a manager closes it) and a final written report.",
    ok: QualityClaimView,
    problems: { ...NOT_FOUND, 403: 'APPROVAL_REQUIRED', 409: 'QUALITY_CLAIM_ILLEGAL_TRANSITION: not verified yet', 422: 'QUALITY_CLAIM_INCOMPLETE' },
  })
  close(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CloseClaimDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.close(ctx, body.finalReport ?? null));
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @Roles(...INVESTIGATORS)
  @ApiCommand({
    summary: 'Reject the claim (e.g. customer misuse)',
    description: 'Misuse: the customer gets the reason and the correct use in writing and the case is charged, unless management grants goodwill.',
    ok: QualityClaimView,
    problems: { ...STEP, 403: 'APPROVAL_REQUIRED (goodwill)' },
  })
  reject(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RejectClaimDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) =>
      this.commands.reject(ctx, { reason: body.reason, customerMisuse: body.customerMisuse, correctUseInstructions: body.correctUseInstructions ?? null, goodwill: body.goodwill ?? false }),
    );
  }

  private async run(
    principal: Principal,
    claimId: string,
    ifMatch: string | undefined,
    response: Response,
    command: (ctx: CommandContext) => Promise<QualityClaim>,
  ): Promise<QualityClaimView> {
    const precondition = preconditionOf(ifMatch);
    const claim = await underPrecondition(precondition, () =>
      approvalsAsForbidden(() => command({ tenantId: principal.tenantId, claimId, actor: actorOf(principal), ...expectation(precondition) })),
    );
    return this.answer(claim, response);
  }

  private answer(claim: QualityClaim, response: Response): QualityClaimView {
    setEtag(response, claim.version);
    return toQualityClaimView(claim.toSnapshot());
  }
}
