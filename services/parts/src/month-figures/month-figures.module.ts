import { MonthFiguresModule } from '@aftercare/month-figures';
import { PARTS_CONFIG } from '../config/config';
import { PartsRequestModule } from '../parts-request/parts-request.module';
import { PartsMonthFiguresSource } from './infrastructure/parts-month-figures.source';

/** parts as an owner of month figures: material and transport cost for the monthly report (ADR 0037). */
export const PartsMonthFiguresModule = MonthFiguresModule.forOwner({ owner: 'parts', imports: [PartsRequestModule], source: PartsMonthFiguresSource, config: PARTS_CONFIG });
