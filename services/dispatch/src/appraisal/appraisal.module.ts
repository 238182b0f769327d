import { Module } from '@nestjs/common';
import { WorkOrderModule } from '../work-order/work-order.module';
import { AppraisalController } from './inbound/appraisal.controller';
import { AppraisalService } from './appraisal.service';

@Module({
  imports: [WorkOrderModule],
  controllers: [AppraisalController],
  providers: [AppraisalService],
})
export class AppraisalModule {}
