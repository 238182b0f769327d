import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@aftercare/http';
import { TenancyModule, tenancyOptionsFrom } from '@aftercare/tenancy';
import type { ClaimsConfig } from './config/config';

@Module({})
export class AppModule {
  static register(config: ClaimsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({ service: 'claims', config, produces: [] }),
        TenancyModule.forRoot(tenancyOptionsFrom(config, 'claims')),
      ],
    };
  }
}
