import { Module, type DynamicModule } from '@nestjs/common';
import { TOPICS } from '@aftercare/contracts';
import { ServicePlatformModule } from '@aftercare/http';
import { TenancyModule, tenancyOptionsFrom } from '@aftercare/tenancy';
import { TenantSettingsModule } from '@aftercare/tenant-settings';
import type { IntakeConfig } from './config/config';
import { EscalationsModule } from './escalations/escalations.module';
import { IntegrationModule } from './integration/integration.module';
import { intakeMonthFiguresModule } from './month-figures/month-figures.module';
import { IntakeSettings, IntakeSettingsModule } from './service-request/application/intake-settings';
import { ServiceRequestModule } from './service-request/service-request.module';
import { SlaModule } from './sla/sla.module';
import { SlaSettings } from './sla/sla.settings';
import { SurveyFeedbackModule } from './survey-feedback/survey-feedback.module';
import { TimelineModule } from './timeline/timeline.module';
import { WorkProgressModule } from './work-progress/work-progress.module';

@Module({})
export class AppModule {
  static register(config: IntakeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: 'intake',
          config,
          produces: [TOPICS.intakeServiceRequestEvents, TOPICS.notificationRequests, TOPICS.tenantSettings, TOPICS.monthFigures],
        }),
        TenancyModule.forRoot(tenancyOptionsFrom(config, 'intake')),
        TenantSettingsModule,
        IntakeSettingsModule.forRoot(IntakeSettings.fromConfig(config)),
        ServiceRequestModule,
        IntegrationModule,
        SlaModule.register(new SlaSettings(config.SLA_SCAN_INTERVAL_MS, config.SLA_CLAIM_LEASE_MS, config.SLA_SCAN_BATCH)),
        TimelineModule,
        EscalationsModule,
        WorkProgressModule,
        SurveyFeedbackModule,
        intakeMonthFiguresModule(config),
      ],
    };
  }
}
