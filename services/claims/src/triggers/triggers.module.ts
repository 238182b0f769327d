import { Module } from '@nestjs/common';
import { QualityClaimModule } from '../quality-claim/quality-claim.module';
import { ReturnAuthorizationModule } from '../return-authorization/return-authorization.module';
import { ServiceComplaintModule } from '../service-complaint/service-complaint.module';
import { LowScoreHandler } from './low-score.handler';
import { MonthBelowTargetHandler } from './month-below-target.handler';
import { RoutedCaseHandler } from './routed-case.handler';
import { SupplierFeedbackHandler } from './supplier-feedback.handler';

/**
 * What opens claims, complaints and returns from other services: intake's cases routed to claims, survey's
 * low scores and months below the satisfaction target, parts' supplier feedback (dispatch's repeat repair is in the quality-claim module).
 */
@Module({ imports: [QualityClaimModule, ServiceComplaintModule, ReturnAuthorizationModule], controllers: [RoutedCaseHandler, LowScoreHandler, MonthBelowTargetHandler, SupplierFeedbackHandler] })
export class TriggersModule {}
