import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLAIMS_CONFIG, type ClaimsConfig } from '../config/config';
import { ClaimClocks, DEFAULT_DAY_READING, type DayReading } from './claim-clocks';

/** Each tenant's claim clocks, in the day reading it chose (CLAIM_DAY_READING, CLAIM_DAY_READING_BY_TENANT). */
@Injectable()
export class TenantClocks {
  private readonly byReading: Record<DayReading, ClaimClocks> = { calendar: new ClaimClocks('calendar'), working: new ClaimClocks('working') };

  constructor(@Optional() @Inject(CLAIMS_CONFIG) private readonly config?: ClaimsConfig) {}

  readingOf(tenantId: string): DayReading {
    return this.config?.CLAIM_DAY_READING_BY_TENANT[tenantId] ?? this.config?.CLAIM_DAY_READING ?? DEFAULT_DAY_READING;
  }

  of(tenantId: string): ClaimClocks {
    return this.byReading[this.readingOf(tenantId)];
  }
}
