import { Module } from '@nestjs/common';
import { SurveyModule } from '../survey/survey.module';
import { PublishSurveyFigures } from './application/publish-survey-figures';
import { monthFiguresPublicationsProvider } from '@aftercare/month-figures';

/** survey as an owner of month figures: publishes its own for the monthly report (ADR 0032), on libs/month-figures' publication (ADR 0037). */
@Module({
  imports: [SurveyModule],
  providers: [monthFiguresPublicationsProvider('survey'), PublishSurveyFigures],
  exports: [PublishSurveyFigures],
})
export class SurveyMonthFiguresModule {}
