import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiRead, ApiStandardProblems, setEtag } from '@aftercare/http';
import { SURVEY_ERRORS, surveyError } from '../domain';
import { SurveyInvitationView, SurveyResponseView, toSurveyInvitationView, toSurveyResponseView } from '../application/survey.views';
import { InvitationRepository } from '../infrastructure/invitation.repository';
import { ResponseRepository } from '../infrastructure/response.repository';
import { SURVEY_RESPONSES_PATH } from './survey-answers.controller';

/** Invitations and responses for staff of the tenant (another tenant's are 404). */
@ApiTags('survey records')
@ApiStandardProblems()
@Controller()
export class SurveyRecordsController {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly responses: ResponseRepository,
  ) {}

  @Get('survey-invitations/:id')
  @Roles('agent', 'manager', 'quality_engineer')
  @ApiRead({ summary: 'Read a survey invitation', ok: SurveyInvitationView, problems: { 404: 'SURVEY_INVITATION_NOT_FOUND (also for another tenant)' } })
  async invitation(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<SurveyInvitationView> {
    const invitation = await this.invitations.findById(tenantId, id);
    if (!invitation) throw surveyError(SURVEY_ERRORS.INVITATION_NOT_FOUND, `survey invitation ${id} not found`, 'not_found');
    setEtag(res, invitation.version);
    return toSurveyInvitationView(invitation);
  }

  @Get(`${SURVEY_RESPONSES_PATH}/:id`)
  @Roles('agent', 'manager', 'quality_engineer')
  @ApiRead({ summary: 'Read a survey response', ok: SurveyResponseView, problems: { 404: 'SURVEY_RESPONSE_NOT_FOUND (also for another tenant)' } })
  async response(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<SurveyResponseView> {
    const response = await this.responses.findById(tenantId, id);
    if (!response) throw surveyError(SURVEY_ERRORS.RESPONSE_NOT_FOUND, `survey response ${id} not found`, 'not_found');
    setEtag(res, response.version);
    return toSurveyResponseView(response);
  }
}
