import { Module } from '@nestjs/common';
import { WorkOrderModule } from '../work-order/work-order.module';
import { AppraisalController } from './inbound/appraisal.controller';
import { AppraisalService } from './appraisal.service';
import { SurveyResponseHandler } from './survey-scores/survey-response.handler';
import { TechnicianSurveyScores } from './survey-scores/technician-survey-scores.store';

@Module({
  imports: [WorkOrderModule],
  controllers: [AppraisalController, SurveyResponseHandler],
  providers: [AppraisalService, TechnicianSurveyScores],
  exports: [AppraisalService],
})
export class AppraisalModule {}
