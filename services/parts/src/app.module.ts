import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@aftercare/http';
import { TenancyModule, tenancyOptionsFrom } from '@aftercare/tenancy';
import type { PartsConfig } from './config/config';

@Module({})
export class AppModule {
  static register(config: PartsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({ service: 'parts', config, produces: [] }),
        TenancyModule.forRoot(tenancyOptionsFrom(config, 'parts')),
      ],
    };
  }
}
