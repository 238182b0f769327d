import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';
import { HolidayCoverage } from './application/holiday-coverage';
import { PublishSlaSettings } from './application/publish-sla-settings';
import { ReplyClocks } from './application/reply-clocks';
import { ReplyEscalationNotices } from './application/reply-escalation-notices';
import { SlaScheduler } from './application/sla-scheduler';
import { SlaAdminController } from './inbound/sla-admin.controller';
import { SlaClocksController } from './inbound/sla-clocks.controller';
import { TenantSettingsController } from './inbound/tenant-settings.controller';
import { ReplyClockHandler } from './inbound/reply-clock.handler';
import { SlaClockStore } from './infrastructure/sla-clock.store';
import { SlaConfigStore } from './infrastructure/sla-config.store';
import { SlaSettings } from './sla.settings';

/** The reply clock: SLA policies and calendars, the due-deadline scheduler, breaches and escalation. */
@Module({
  imports: [ServiceRequestModule],
  controllers: [SlaAdminController, SlaClocksController, TenantSettingsController, ReplyClockHandler],
  providers: [
    SlaConfigStore,
    SlaClockStore,
    ReplyClocks,
    SlaScheduler,
    ReplyEscalationNotices,
    HolidayCoverage,
    PublishSlaSettings,
  ],
  exports: [SlaConfigStore, SlaClockStore, ReplyClocks, SlaScheduler],
})
export class SlaModule {
  static register(settings: SlaSettings): DynamicModule {
    return { module: SlaModule, providers: [{ provide: SlaSettings, useValue: settings }] };
  }
}
