import { Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { clockStatus, metTarget, type SlaClock } from '@aftercare/sla';
import { ReplyClocks } from '../application/reply-clocks';
import { SlaClockStore, type SlaClockDocument } from '../infrastructure/sla-clock.store';

export interface ClockView {
  caseId: string;
  name: string;
  status: 'running' | 'paused' | 'stopped';
  /** true/false once stopped (within target or not), null while it runs. */
  metTarget: boolean | null;
  policyId: string | null;
  targetMinutes: number;
  calendarId: string;
  startedAt: Date;
  deadline: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
  escalationStep: number;
  nextCheckAt: Date | null;
  history: SlaClock['history'];
}

function viewOf(document: SlaClockDocument): ClockView {
  const { clock } = document;
  return {
    caseId: document.caseId,
    name: clock.name,
    status: clockStatus(clock),
    metTarget: metTarget(clock),
    policyId: clock.policyId,
    targetMinutes: clock.targetMinutes,
    calendarId: clock.calendarId,
    startedAt: clock.startedAt,
    deadline: clock.deadline,
    breachedAt: clock.breachedAt,
    stoppedAt: clock.stoppedAt,
    escalationStep: document.escalationStep,
    nextCheckAt: document.nextCheckAt,
    history: clock.history,
  };
}

const notFound = (caseId: string) =>
  new NotFoundException({ code: 'SLA_CLOCK_NOT_FOUND', message: `no reply clock runs for case ${caseId}` });

/** A case's SLA clocks, and the agent's reply that stops the reply clock. */
@ApiTags('sla')
@Roles('agent', 'dispatcher', 'manager')
@Controller('sla/cases/:caseId')
export class SlaClocksController {
  constructor(
    private readonly clocks: SlaClockStore,
    private readonly replyClocks: ReplyClocks,
  ) {}

  @Get('clocks')
  @ApiOperation({ summary: "The case's SLA clocks (intake runs the reply clock)" })
  async list(@TenantId() tenantId: string, @Param('caseId') caseId: string): Promise<{ items: ClockView[] }> {
    return { items: (await this.clocks.findForCase(tenantId, caseId)).map(viewOf) };
  }

  @Post('reply')
  @HttpCode(200)
  @ApiOperation({ summary: 'The agent has replied to the customer: stops the reply clock (idempotent; a late reply still counts as a breach)' })
  async reply(@CurrentPrincipal() principal: Principal, @Param('caseId') caseId: string): Promise<ClockView> {
    const stopped = await this.replyClocks.stop(principal.tenantId, caseId, new Date(), `replied by ${principal.subject}`);
    if (!stopped) throw notFound(caseId);
    return viewOf(stopped);
  }
}
