import { Module } from '@nestjs/common';
import { QualityClaimModule } from '../quality-claim/quality-claim.module';
import { ServiceComplaintModule } from '../service-complaint/service-complaint.module';
import { RoutedCaseHandler } from './routed-case.handler';

/** Intake's cases routed to claims open a quality claim or a service complaint. */
@Module({ imports: [QualityClaimModule, ServiceComplaintModule], controllers: [RoutedCaseHandler] })
export class TriggersModule {}
