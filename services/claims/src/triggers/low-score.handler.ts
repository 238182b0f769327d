import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, TOPICS, type SurveyResponseLowScoreReceivedV1 } from '@aftercare/contracts';
import { onTopic } from '@aftercare/messaging';
import { OpenServiceComplaint } from '../service-complaint/application/open-service-complaint';

/**
 * Survey's low score → one follow-up service complaint per response (source 003 §1.6), about the
 * technician who did the job; intake reopens the case on the same event. Idempotent: the complaint
 * id is derived from the response. A relationship survey has no case to follow up on here: it is
 * logged and left to the month's follow-up.
 */
@Controller()
export class LowScoreHandler {
  private readonly logger = new Logger(LowScoreHandler.name);

  constructor(private readonly complaints: OpenServiceComplaint) {}

  @EventPattern(onTopic(TOPICS.surveyResponseEvents, { types: [SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1] }))
  async onLowScore(@Payload() low: SurveyResponseLowScoreReceivedV1): Promise<void> {
    const { caseId } = low;
    if (!caseId) {
      this.logger.log(`low score ${low.responseId}: a relationship survey, no case to open a complaint on`);
      return;
    }
    const { outcome, complaint } = await this.complaints.fromLowScore({ ...low, caseId });
    this.logger.log(`low score ${low.responseId} on case ${caseId}: follow-up complaint ${complaint.id} ${outcome}`);
  }
}
