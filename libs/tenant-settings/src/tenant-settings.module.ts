import { Global, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TOPICS } from '@aftercare/contracts';
import { KafkaClient, TopicNames } from '@aftercare/messaging';
import { TenantSettingsDirectory } from './application/tenant-settings-directory';
import { TenantSettingsRepository } from './infrastructure/tenant-settings.repository';
import { TenantSettingsHandler } from './inbound/tenant-settings.handler';

/** Declares the settings topic, so that the first change's event can leave at once. */
@Injectable()
class TenantSettingsTopic implements OnApplicationBootstrap {
  constructor(
    private readonly client: KafkaClient,
    private readonly names: TopicNames,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.client.ensureTopics([{ ...TOPICS.tenantSettings, name: this.names.physical(TOPICS.tenantSettings.name) }]);
  }
}

/**
 * Every tenant's settings in a service: the copy kept from the settings topic and the
 * directory its use cases read (policies, calendars, escalation contacts, case handling).
 * Import once in the AppModule of a service that resolves tenant policies.
 */
@Global()
@Module({
  controllers: [TenantSettingsHandler],
  providers: [TenantSettingsRepository, TenantSettingsDirectory, TenantSettingsTopic],
  exports: [TenantSettingsDirectory],
})
export class TenantSettingsModule {}
