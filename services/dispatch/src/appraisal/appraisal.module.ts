import { Module } from '@nestjs/common';
import { WorkOrderModule } from '../work-order/work-order.module';
import { AppraisalController } from './inbound/appraisal.controller';
import { AppraisalService } from './appraisal.service';
import { ServiceComplaintHandler } from './complaints/service-complaint.handler';
import { TechnicianComplaints } from './complaints/technician-complaints.store';
import { SurveyResponseHandler } from './survey-scores/survey-response.handler';
import { TechnicianSurveyScores } from './survey-scores/technician-survey-scores.store';

@Module({
  imports: [WorkOrderModule],
  controllers: [AppraisalController, SurveyResponseHandler, ServiceComplaintHandler],
  providers: [AppraisalService, TechnicianSurveyScores, TechnicianComplaints],
  exports: [AppraisalService],
})
export class AppraisalModule {}
