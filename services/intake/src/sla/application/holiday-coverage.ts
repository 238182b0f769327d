import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { reportHolidayCoverage } from '@aftercare/http';
import { HealthRegistry } from '@aftercare/observability';
import { missingHolidayYears } from '@aftercare/sla';
import { ALL_TENANTS, SlaConfigStore } from '../infrastructure/sla-config.store';

/**
 * Warns at start, and in `/health/ready` (`holiday-calendars`), when a shared working-hours
 * calendar reaches a year without its holiday list (within 60 days of the year's start, or once
 * it has begun): the reply and arrival deadlines on it would count that year's holidays as working
 * days. Tenants' own calendars are their managers' to keep (the SLA admin API).
 */
@Injectable()
export class HolidayCoverage implements OnApplicationBootstrap {
  private readonly logger = new Logger('sla');

  constructor(
    private readonly health: HealthRegistry,
    private readonly config: SlaConfigStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await reportHolidayCoverage(this.health, async () => missingHolidayYears(await this.config.calendarsFor(ALL_TENANTS), new Date()), {
      logger: this.logger,
    });
  }
}
