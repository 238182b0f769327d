import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TOPICS } from '@aftercare/contracts';
import { ServicePlatformModule } from '@aftercare/http';
import { TenancyModule, tenancyOptionsFrom } from '@aftercare/tenancy';
import { TenantSettingsModule } from '@aftercare/tenant-settings';
import { CLAIMS_CONFIG, type ClaimsConfig } from './config/config';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { ClaimsMonthFiguresModule } from './month-figures/month-figures.module';
import { EscalationsModule } from './escalations/escalations.module';
import { MonthModule } from './month/month.module';
import { QualityClaimModule } from './quality-claim/quality-claim.module';
import { ReturnAuthorizationModule } from './return-authorization/return-authorization.module';
import { ServiceComplaintModule } from './service-complaint/service-complaint.module';
import { TriggersModule } from './triggers/triggers.module';

/** The validated configuration, injectable everywhere as CLAIMS_CONFIG. */
@Global()
@Module({})
class ClaimsConfigModule {
  static register(config: ClaimsConfig): DynamicModule {
    return { module: ClaimsConfigModule, providers: [{ provide: CLAIMS_CONFIG, useValue: config }], exports: [CLAIMS_CONFIG] };
  }
}

@Module({})
export class AppModule {
  static register(config: ClaimsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: 'claims',
          config,
          produces: [TOPICS.claimsQualityClaimEvents, TOPICS.claimsServiceComplaintEvents, TOPICS.claimsReturnAuthorizationEvents, TOPICS.supplierFeedback, TOPICS.notificationRequests, TOPICS.monthFigures],
        }),
        TenancyModule.forRoot(tenancyOptionsFrom(config, 'claims')),
        TenantSettingsModule,
        ClaimsConfigModule.register(config),
        QualityClaimModule,
        ServiceComplaintModule,
        ReturnAuthorizationModule,
        MonthModule,
        EscalationsModule,
        TriggersModule,
        DeadlinesModule,
        ClaimsMonthFiguresModule,
      ],
    };
  }
}
