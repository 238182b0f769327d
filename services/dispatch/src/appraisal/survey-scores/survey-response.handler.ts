import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DateTime } from 'luxon';
import { SURVEY_RESPONSE_SUBMITTED_V1, TOPICS, type SurveyResponseSubmittedV1 } from '@aftercare/contracts';
import { EventContext, PermanentMessageError, onTopic } from '@aftercare/messaging';
import { TenantRegistry } from '@aftercare/tenancy';
import { monthOf } from '../tenant-month';
import { levelsOf } from './survey-averages';
import { TechnicianSurveyScores } from './technician-survey-scores.store';

/**
 * `survey.public.response.events.v1`, type `submitted` → the technician's ratings count in the
 * month of the answer, in the tenant's time zone (like the rest of the appraisal). Relationship
 * surveys name no technician and are left out; other types of the topic are skipped.
 */
@Controller()
export class SurveyResponseHandler {
  constructor(
    private readonly scores: TechnicianSurveyScores,
    private readonly tenants: TenantRegistry,
  ) {}

  @EventPattern(onTopic(TOPICS.surveyResponseEvents, { types: [SURVEY_RESPONSE_SUBMITTED_V1] }))
  async onSubmitted(@Payload() response: SurveyResponseSubmittedV1, @Ctx() ctx: EventContext<SurveyResponseSubmittedV1>): Promise<void> {
    const { tenantId } = ctx.envelope;
    if (!response.technicianId) return;
    const submitted = DateTime.fromISO(response.submittedAt);
    if (!submitted.isValid) throw new PermanentMessageError('SURVEY_RESPONSE_INVALID', `submittedAt ${response.submittedAt} is not an instant`);
    const month = monthOf(submitted.toJSDate(), await this.tenants.timeZoneOf(tenantId));
    await this.scores.record(tenantId, month, response.responseId, levelsOf(response.technicianId, response.ratings));
  }
}
