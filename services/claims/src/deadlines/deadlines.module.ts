import { Module } from '@nestjs/common';
import { QualityClaimModule } from '../quality-claim/quality-claim.module';
import { ClaimDeadlineScanner } from './claim-deadline-scanner';

/** The background job that breaches the claim clocks and climbs the escalation chain. */
@Module({ imports: [QualityClaimModule], providers: [ClaimDeadlineScanner], exports: [ClaimDeadlineScanner] })
export class DeadlinesModule {}
