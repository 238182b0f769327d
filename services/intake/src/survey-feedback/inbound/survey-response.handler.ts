import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1,
  SURVEY_RESPONSE_SUBMITTED_V1,
  TOPICS,
  type SurveyResponseLowScoreReceivedV1,
  type SurveyResponseSubmittedV1,
} from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import { EventContext, onTopic, unknownToTenant } from '@aftercare/messaging';
import { SERVICE_REQUEST_ERRORS } from '../../service-request/domain';
import { ServiceRequestRepository } from '../../service-request/infrastructure/service-request.repository';

type SurveyNews = SurveyResponseSubmittedV1 | SurveyResponseLowScoreReceivedV1;

/**
 * The case follows its survey (docs/domain.md, confirmation and closure): a response to a resolved
 * (or confirmed) case confirms and closes it, reason `survey_completed`; a low score reopens it,
 * reason `low_survey_score` (source 003 §1.6: below target enters the complaint flow; claims opens
 * the follow-up). A response with a low score does not close: its `low-score-received` follows.
 * A case in another state keeps it (logged); silence still follows the confirmation rule. A
 * case the tenant does not have is dead-lettered (`CASE_UNKNOWN`): surveys follow our cases' orders.
 * Idempotent by message id.
 */
@Controller()
export class SurveyResponseHandler {
  private readonly logger = new Logger('survey-feedback');

  constructor(private readonly cases: ServiceRequestRepository) {}

  @EventPattern(onTopic(TOPICS.surveyResponseEvents, { types: [SURVEY_RESPONSE_SUBMITTED_V1, SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1] }))
  async onSurveyResponse(@Payload() news: SurveyNews, @Ctx() ctx: EventContext<SurveyNews>): Promise<void> {
    const { id, type, time, tenantId } = ctx.envelope;
    if (!news.caseId) return; // a relationship survey: no case to follow
    const request = await this.cases.findById(tenantId, news.caseId);
    if (!request) throw unknownToTenant('CASE_UNKNOWN', `survey response ${news.responseId}`, `case ${news.caseId}`, tenantId);
    if (request.hasHandled(id)) return;
    const at = new Date(time);
    if (type === SURVEY_RESPONSE_SUBMITTED_V1) {
      const submitted = news as SurveyResponseSubmittedV1;
      if (submitted.lowScore || !request.can('close') || (request.status !== 'resolved' && request.status !== 'confirmed')) {
        this.logger.log(`case ${request.id} is ${request.status}: survey response ${submitted.responseId} does not close it`);
        return;
      }
      request.close({ reason: 'survey_completed', at });
    } else {
      const low = news as SurveyResponseLowScoreReceivedV1;
      if (!request.can('reopen')) {
        this.logger.log(`case ${request.id} is ${request.status}: the low score of ${low.responseId} does not reopen it`);
        return;
      }
      try {
        request.reopen({ reason: 'low_survey_score', note: noteOf(low), at });
      } catch (error) {
        // Closed too long ago: the complaint follow-up (claims) carries the low score instead.
        if (error instanceof DomainError && error.code === SERVICE_REQUEST_ERRORS.REOPEN_WINDOW_EXPIRED) {
          this.logger.warn(`case ${request.id}: ${error.message}; the low score of ${low.responseId} is left to the complaint follow-up`);
          return;
        }
        throw error;
      }
    }
    request.markHandled(id);
    await this.cases.save(request);
  }
}

function noteOf(low: SurveyResponseLowScoreReceivedV1): string {
  const criteria = low.lowCriteria.map((c) => `${c.criterion} ${c.level} (below ${c.threshold})`).join(', ');
  return `survey ${low.responseId}: ${criteria}${low.comment ? ` — "${low.comment}"` : ''}`;
}
