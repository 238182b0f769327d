import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { ApiProblem, ApiStandardProblems } from '@aftercare/http';
import { CaseCommands } from '../application/case-commands';
import type { ServiceRequestView } from '../application/service-request.view';
import { CaseCommand, runCaseCommand } from './case-command';
import { AnswerConsultationDto, FlagQualityProblemDto, ReplyToSuggestionDto, StartReviewDto } from './case-work.dto';

const WRONG_TYPE = 'SERVICE_REQUEST_WRONG_TYPE: the command belongs to another case type';

/**
 * What the agent does with a case beyond its life cycle: flags a quality problem, answers a
 * consultation, sends a suggestion to review and records the reply. Thin: each route is one
 * command of CaseCommands.
 */
@ApiTags('service-requests')
@ApiStandardProblems()
@ApiProblem(400, 'Invalid input (VALIDATION_FAILED, SERVICE_REQUEST_INVALID…)')
@Controller('service-requests')
export class CaseWorkController {
  constructor(private readonly commands: CaseCommands) {}

  @Post(':id/quality-problem')
  @HttpCode(HttpStatus.OK)
  @Roles('agent')
  @CaseCommand('Flag a field-service case a quality problem (due on site within 8 h)', {
    description: 'Before routing the flag travels on routed; after, a quality-problem-flagged event names the routing round.',
    problems: { 422: 'SERVICE_REQUEST_QUALITY_PROBLEM_NOT_FIELD_SERVICE' },
  })
  flagQualityProblem(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: FlagQualityProblemDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    return runCaseCommand(id, ifMatch, response, (expect) =>
      this.commands.flagQualityProblem(tenantId, id, { ...expect, source: body.source ?? 'agent' }),
    );
  }

  @Post(':id/answer')
  @HttpCode(HttpStatus.OK)
  @Roles('agent')
  @CaseCommand('Answer a consultation (resolves it)', { problems: { 422: WRONG_TYPE } })
  answer(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: AnswerConsultationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    return runCaseCommand(id, ifMatch, response, (expect) =>
      this.commands.answerConsultation(principal.tenantId, id, { ...expect, answer: body.answer, answeredBy: principal.subject }),
    );
  }

  @Post(':id/review')
  @HttpCode(HttpStatus.OK)
  @Roles('agent', 'manager')
  @CaseCommand('Send a suggestion to review (owner, review date)', { problems: { 422: WRONG_TYPE } })
  startReview(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: StartReviewDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    return runCaseCommand(id, ifMatch, response, (expect) =>
      this.commands.startReview(tenantId, id, { ...expect, owner: body.owner, reviewDate: body.reviewDate }),
    );
  }

  @Post(':id/review/reply')
  @HttpCode(HttpStatus.OK)
  @Roles('agent', 'manager')
  @CaseCommand('Reply to a reviewed suggestion (resolves it)', { problems: { 422: WRONG_TYPE } })
  replyToSuggestion(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ReplyToSuggestionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    return runCaseCommand(id, ifMatch, response, (expect) =>
      this.commands.replyToSuggestion(principal.tenantId, id, { ...expect, reply: body.reply, repliedBy: principal.subject }),
    );
  }
}
