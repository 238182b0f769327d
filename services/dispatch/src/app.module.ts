import { Module, type DynamicModule } from '@nestjs/common';
import { TOPICS } from '@aftercare/contracts';
import { ServicePlatformModule } from '@aftercare/http';
import type { DispatchConfig } from './config/config';

@Module({})
export class AppModule {
  static register(config: DispatchConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forRoot({ service: 'dispatch', config, produces: [TOPICS.dispatchWorkOrderEvents] })],
    };
  }
}
