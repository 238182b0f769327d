import { Module } from '@nestjs/common';
import { SurveyModule } from '../survey/survey.module';
import { PublishSurveyFigures } from './application/publish-survey-figures';
import { MonthFiguresPublicationRepository } from './infrastructure/month-figures-publication.repository';

/** survey as an owner of month figures: publishes its own for the monthly report (ADR 0032). */
@Module({
  imports: [SurveyModule],
  providers: [MonthFiguresPublicationRepository, PublishSurveyFigures],
  exports: [PublishSurveyFigures],
})
export class SurveyMonthFiguresModule {}
