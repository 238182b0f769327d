import { Module, type DynamicModule } from '@nestjs/common';
import { TOPICS } from '@aftercare/contracts';
import { ServicePlatformModule } from '@aftercare/http';
import type { IntakeConfig } from './config/config';

@Module({})
export class AppModule {
  static register(config: IntakeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forRoot({ service: 'intake', config, produces: [TOPICS.intakeServiceRequestEvents, TOPICS.notificationRequests] })],
    };
  }
}
