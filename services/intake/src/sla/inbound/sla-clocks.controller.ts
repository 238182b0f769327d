import { Controller, Get, Headers, HttpCode, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { ApiIfMatch, ApiProblem, ApiStandardProblems, ETAG_RESPONSE_HEADER, expectation, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
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
  @ApiOperation({ summary: "The case's SLA clocks (intake runs the reply clock)" })
  @ApiOkResponse({ type: ClockList })
  async list(@TenantId() tenantId: string, @Param('caseId') caseId: string): Promise<ClockList> {
    return { items: (await this.clocks.findForCase(tenantId, caseId)).map(toClockView) };
  }

  @Post('reply')
  @HttpCode(200)
  @ApiOperation({ summary: 'The agent has replied to the customer: stops the reply clock (idempotent; a late reply still counts as a breach)' })
  @ApiOkResponse({ type: ClockView, headers: ETAG_RESPONSE_HEADER })
  @ApiIfMatch()
  @ApiProblem(404, 'SLA_CLOCK_NOT_FOUND: no reply clock runs for the case')
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
