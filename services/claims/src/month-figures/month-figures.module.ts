import { MonthFiguresModule } from '@aftercare/month-figures';
import { CLAIMS_CONFIG } from '../config/config';
import { MonthModule } from '../month/month.module';
import { QualityClaimModule } from '../quality-claim/quality-claim.module';
import { ReturnAuthorizationModule } from '../return-authorization/return-authorization.module';
import { ServiceComplaintModule } from '../service-complaint/service-complaint.module';
import { ClaimsMonthFiguresSource } from './infrastructure/claims-month-figures.source';

/** claims as an owner of month figures: complaints, per technician, units returned and delivered, quality claims by urgency and late replies, for the monthly report (ADR 0037). */
export const ClaimsMonthFiguresModule = MonthFiguresModule.forOwner({
  owner: 'claims',
  imports: [ServiceComplaintModule, ReturnAuthorizationModule, MonthModule, QualityClaimModule],
  source: ClaimsMonthFiguresSource,
  config: CLAIMS_CONFIG,
});
