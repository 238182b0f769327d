import { MonthFiguresModule } from '@aftercare/month-figures';
import type { IntakeConfig } from '../config/config';
import { ServiceRequestModule } from '../service-request/service-request.module';
import { IntakeMonthFiguresSource } from './infrastructure/intake-month-figures.source';

/** intake as an owner of month figures: cases registered, resolution, reply on time (ADR 0037). */
export const intakeMonthFiguresModule = (config: IntakeConfig) =>
  MonthFiguresModule.forOwner({ owner: 'intake', imports: [ServiceRequestModule], source: IntakeMonthFiguresSource, config });
