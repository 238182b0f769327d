import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TOPICS } from '@aftercare/contracts';
import { ServicePlatformModule } from '@aftercare/http';
import { TenancyModule, tenancyOptionsFrom } from '@aftercare/tenancy';
import { CatalogueModule } from './catalogue/catalogue.module';
import { PARTS_CONFIG, type PartsConfig } from './config/config';
import { PartsMonthFiguresModule } from './month-figures/month-figures.module';
import { PartReturnModule } from './part-return/part-return.module';
import { PartsRequestModule } from './parts-request/parts-request.module';
import { ReportingModule } from './reporting/reporting.module';
import { StockModule } from './stock/stock.module';

/** The validated configuration, injectable everywhere as PARTS_CONFIG. */
@Global()
@Module({})
class PartsConfigModule {
  static register(config: PartsConfig): DynamicModule {
    return { module: PartsConfigModule, providers: [{ provide: PARTS_CONFIG, useValue: config }], exports: [PARTS_CONFIG] };
  }
}

@Module({})
export class AppModule {
  static register(config: PartsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: 'parts',
          config,
          produces: [TOPICS.partsRequestEvents, TOPICS.purchaseRequests, TOPICS.notificationRequests, TOPICS.supplierFeedback, TOPICS.monthFigures],
        }),
        TenancyModule.forRoot(tenancyOptionsFrom(config, 'parts')),
        PartsConfigModule.register(config),
        CatalogueModule,
        StockModule,
        PartsRequestModule,
        ReportingModule,
        PartReturnModule,
        PartsMonthFiguresModule,
      ],
    };
  }
}
