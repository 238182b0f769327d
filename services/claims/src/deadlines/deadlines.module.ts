import { Module } from '@nestjs/common';
import { QualityClaimModule } from '../quality-claim/quality-claim.module';
import { ServiceComplaintModule } from '../service-complaint/service-complaint.module';
import { ClaimDeadlineScanner } from './claim-deadline-scanner';
import { ClaimEscalationNotices } from './claim-escalation-notices';

/** The background job that breaches the claim and complaint clocks and climbs the escalation chain. */
@Module({ imports: [QualityClaimModule, ServiceComplaintModule], providers: [ClaimDeadlineScanner, ClaimEscalationNotices], exports: [ClaimDeadlineScanner] })
export class DeadlinesModule {}
