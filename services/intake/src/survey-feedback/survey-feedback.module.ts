import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';
import { SurveyResponseHandler } from './inbound/survey-response.handler';

/** Survey responses closing (or, with a low score, reopening) the case. */
@Module({ imports: [ServiceRequestModule], controllers: [SurveyResponseHandler] })
export class SurveyFeedbackModule {}
