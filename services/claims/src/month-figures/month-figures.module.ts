import { MonthFiguresModule } from '@aftercare/month-figures';
import { CLAIMS_CONFIG } from '../config/config';
import { ServiceComplaintModule } from '../service-complaint/service-complaint.module';
import { ClaimsMonthFiguresSource } from './infrastructure/claims-month-figures.source';

/** claims as an owner of month figures: complaints, per technician, for the monthly report (ADR 0037). */
export const ClaimsMonthFiguresModule = MonthFiguresModule.forOwner({
  owner: 'claims',
  imports: [ServiceComplaintModule],
  source: ClaimsMonthFiguresSource,
  config: CLAIMS_CONFIG,
});
