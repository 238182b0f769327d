import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@aftercare/http';
import { TenantRegistry } from '@aftercare/tenancy';
import { monthsToPublish } from '../domain/publication-window';
import { MonthFiguresPublisher } from './month-figures-publisher';
import { MONTH_FIGURES_SETTINGS, type MonthFiguresSettings } from './month-figures.ports';

const PAGE = 100;

export interface MonthFiguresPass {
  tenants: number;
  /** `<tenant>|<month>` published for the first time by this pass. */
  published: string[];
  /** `<tenant>|<month>` published again because late data changed them. */
  republished: string[];
  /** `<tenant>|<month>` whose figures could not be computed (logged; the next pass retries). */
  failed: string[];
}

/**
 * The trigger after the close: each pass looks at every registered tenant's recently closed
 * months (`monthsToPublish`) and publishes what is new or changed. A tenant that fails is logged
 * and retried next pass; the others are not held up.
 */
@Injectable()
export class MonthFiguresJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: Logger;
  private readonly task: PeriodicTask<MonthFiguresPass>;

  constructor(
    private readonly publisher: MonthFiguresPublisher,
    private readonly tenants: TenantRegistry,
    @Inject(MONTH_FIGURES_SETTINGS) private readonly settings: MonthFiguresSettings,
  ) {
    const name = `${settings.owner}.month-figures`;
    this.logger = new Logger(name);
    this.task = new PeriodicTask(name, (now) => this.scan(now), (pass) => {
      const changed = [...pass.published, ...pass.republished];
      if (changed.length) this.logger.log(`month figures published: ${changed.join(', ')}`);
    });
  }

  onApplicationBootstrap(): void {
    // Not at start: a restart would recompute every tenant at once; the close is hours before the report needs it.
    this.task.start(this.settings.scanIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One pass at `now` (tests call it with chosen instants). */
  async scan(now: Date): Promise<MonthFiguresPass> {
    const pass: MonthFiguresPass = { tenants: 0, published: [], republished: [], failed: [] };
    let after: string | null = null;
    for (;;) {
      const page = await this.tenants.page(after, PAGE);
      for (const tenant of page.items) {
        if (this.task.stopped) return pass;
        pass.tenants += 1;
        await this.publishTenant(tenant.id, now, pass);
      }
      if (!page.more || page.items.length === 0) return pass;
      after = page.items[page.items.length - 1].id;
    }
  }

  private async publishTenant(tenantId: string, now: Date, pass: MonthFiguresPass): Promise<void> {
    const timeZone = await this.settings.timeZoneOf(tenantId);
    for (const month of monthsToPublish(now, timeZone, this.settings.revisedMonths)) {
      const key = `${tenantId}|${month}`;
      try {
        const outcome = await this.publisher.publish(tenantId, month, now);
        if (outcome !== 'unchanged') pass[outcome].push(key);
      } catch (error) {
        pass.failed.push(key);
        this.logger.error(`month figures of ${key} not published: ${(error as Error).message}`);
      }
    }
  }
}
