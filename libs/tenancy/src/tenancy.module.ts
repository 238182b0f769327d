import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { TENANT_DIRECTORY } from '@aftercare/auth';
import { TOPICS } from '@aftercare/contracts';
import { KafkaClient, TopicNames } from '@aftercare/messaging';
import { TenantRegistry } from './application/tenant-registry';
import { TenantRepository } from './infrastructure/tenant.repository';
import { KnownTenantGuard } from './inbound/known-tenant.guard';
import { TenantRegistryHandler } from './inbound/tenant-registry.handler';
import { TenantsController } from './inbound/tenants.controller';
import { TENANCY_OPTIONS, type TenancyOptions } from './tenancy.options';


/** Declares the tenants topic and registers the seed tenants once the service is up. */
@Injectable()
class TenantSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('tenancy');

  constructor(
    @Inject(TENANCY_OPTIONS) private readonly options: TenancyOptions,
    private readonly registry: TenantRegistry,
    private readonly client: KafkaClient,
    private readonly names: TopicNames,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Produced by every service: declared here so that the seeds' events can leave at once.
    await this.client.ensureTopics([{ ...TOPICS.tenants, name: this.names.physical(TOPICS.tenants.name) }]);
    for (const tenantId of this.options.seed) await this.registry.ensure(tenantId);
    if (this.options.seed.length) this.logger.log(`tenants seeded: ${this.options.seed.join(', ')}`);
  }
}

/**
 * The tenant registry, wired the same way in every service (`TenancyModule.forRoot(
 * tenancyOptionsFrom(config))` in its AppModule): the admin API, the service's copy of the
 * registry kept from the tenants topic, the tenant check of tokens (the AuthGuard asks
 * TENANT_DIRECTORY) and of messages (KnownTenantGuard on every handler, added to MessageGuards).
 */
@Global()
@Module({})
export class TenancyModule {
  static forRoot(options: TenancyOptions): DynamicModule {
    return {
      module: TenancyModule,
      controllers: [TenantsController, TenantRegistryHandler],
      providers: [
        { provide: TENANCY_OPTIONS, useValue: options },
        TenantRepository,
        TenantRegistry,
        { provide: TENANT_DIRECTORY, useExisting: TenantRegistry },
        KnownTenantGuard,
        TenantSeeder,
      ],
      exports: [TenantRegistry, TENANT_DIRECTORY],
    };
  }
}
