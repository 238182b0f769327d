import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TOPICS } from '@aftercare/contracts';
import { ServicePlatformModule } from '@aftercare/http';
import { TenancyModule, tenancyOptionsFrom } from '@aftercare/tenancy';
import { TenantSettingsModule } from '@aftercare/tenant-settings';
import { AppraisalModule } from './appraisal/appraisal.module';
import { DISPATCH_CONFIG, type DispatchConfig } from './config/config';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { EscalationsModule } from './escalations/escalations.module';
import { DispatchMonthFiguresModule } from './month-figures/month-figures.module';
import { TechnicianModule } from './technician/technician.module';
import { WorkOrderModule } from './work-order/work-order.module';

/** The validated configuration, injectable everywhere as DISPATCH_CONFIG. */
@Global()
@Module({})
class DispatchConfigModule {
  static register(config: DispatchConfig): DynamicModule {
    return {
      module: DispatchConfigModule,
      providers: [{ provide: DISPATCH_CONFIG, useValue: config }],
      exports: [DISPATCH_CONFIG],
    };
  }
}

@Module({})
export class AppModule {
  static register(config: DispatchConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({ service: 'dispatch', config, produces: [TOPICS.dispatchWorkOrderEvents, TOPICS.invoiceRequests, TOPICS.notificationRequests, TOPICS.monthFigures] }),
        TenancyModule.forRoot(tenancyOptionsFrom(config, 'dispatch')),
        TenantSettingsModule,
        DispatchConfigModule.register(config),
        TechnicianModule,
        WorkOrderModule,
        DeadlinesModule,
        AppraisalModule,
        EscalationsModule,
        DispatchMonthFiguresModule,
      ],
    };
  }
}
