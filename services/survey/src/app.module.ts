import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@aftercare/http';
import { TenancyModule, tenancyOptionsFrom } from '@aftercare/tenancy';
import type { SurveyConfig } from './config/config';

@Module({})
export class AppModule {
  static register(config: SurveyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({ service: 'survey', config, produces: [] }),
        TenancyModule.forRoot(tenancyOptionsFrom(config, 'survey')),
      ],
    };
  }
}
