import { Controller, Get, Headers, HttpCode, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { ApiCommand, ApiStandardProblems, ApiWholeList, expectation, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { ReplyClocks } from '../application/reply-clocks';
import { ClockList, ClockView, toClockView } from '../application/sla-clock.view';
import { SlaClockStore } from '../infrastructure/sla-clock.store';

const notFound = (caseId: string) =>
  new NotFoundException({ code: 'SLA_CLOCK_NOT_FOUND', message: `no reply clock runs for case ${caseId}` });

/** A case's SLA clocks, and the agent's reply that stops the reply clock. */
@ApiTags('sla')
@ApiStandardProblems()
@Roles('agent', 'dispatcher', 'manager')
@Controller('sla/cases/:caseId')
export class SlaClocksController {
  constructor(
    private readonly clocks: SlaClockStore,
    private readonly replyClocks: ReplyClocks,
  ) {}

  @Get('clocks')
  @ApiWholeList({ summary: "The case's SLA clocks (intake runs the reply clock)", list: ClockList, why: 'at most one clock of each kind per case' })
  async list(@TenantId() tenantId: string, @Param('caseId') caseId: string): Promise<ClockList> {
    return { items: (await this.clocks.findForCase(tenantId, caseId)).map(toClockView) };
  }

  @Post('reply')
  @HttpCode(200)
  @ApiCommand({
    summary: 'The agent has replied to the customer: stops the reply clock (idempotent; a late reply still counts as a breach)',
    ok: ClockView,
    okDescription: 'The reply clock, stopped (ETag: its new version)',
    problems: { 404: 'SLA_CLOCK_NOT_FOUND: no reply clock runs for the case', 409: 'CONCURRENT_MODIFICATION: a concurrent change, without If-Match' },
  })
  async reply(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClockView> {
    const precondition = preconditionOf(ifMatch);
    const stopped = await underPrecondition(precondition, () =>
      this.replyClocks.stop(principal.tenantId, caseId, new Date(), `replied by ${principal.subject}`, expectation(precondition)),
    );
    if (!stopped) throw notFound(caseId);
    setEtag(response, stopped.version);
    return toClockView(stopped);
  }
}
