import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule } from '@aftercare/auth';
import type { TopicSpec } from '@aftercare/contracts';
import { MessagingModule, kafkaSecurityFrom, type MessagingOptions } from '@aftercare/messaging';
import { HealthModule, MetricsModule, kafkaTopicsMode } from '@aftercare/observability';
import { MongoModule } from '@aftercare/persistence';
import { IDEMPOTENCY_STORE, IdempotencyInterceptor, MongoIdempotencyStore } from './idempotency';
import { PagingModule } from './paging';
import type { BaseConfig } from './service-config';
import { StoreSweeper } from './store-sweeper';

export interface PlatformOptions {
  service: string;
  config: BaseConfig;
  /** Topics the service produces to; declared on start. */
  produces?: Array<Pick<TopicSpec, 'name' | 'partitions' | 'retentionMs' | 'compacted'>>;
  messaging?: Partial<MessagingOptions>;
}

/**
 * Everything a service stands on, wired the same way in all five: health and metrics, the
 * service's own database, Kafka messaging with its consumer group and outbox relay, and JWT
 * authentication with roles and tenant scoping.
 */
@Module({})
export class ServicePlatformModule {
  static forRoot({ service, config, produces, messaging }: PlatformOptions): DynamicModule {
    return {
      module: ServicePlatformModule,
      imports: [
        HealthModule,
        MetricsModule,
        MongoModule.forRoot({
          url: config.MONGO_URL,
          dbName: config.MONGO_DB ?? `aftercare_${service}`,
          dueWork: { backstopIntervalMs: config.DUE_WORK_BACKSTOP_INTERVAL_MS },
        }),
        MessagingModule.forRoot({
          service,
          brokers: config.KAFKA_BROKERS.split(','),
          security: kafkaSecurityFrom(config),
          topics: kafkaTopicsMode(config),
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          produces,
          outboxBacklogReadyLimit: config.OUTBOX_BACKLOG_READY_LIMIT,
          ...messaging,
        }),
        AuthModule.forRoot({ jwksUri: config.AUTH_JWKS_URI, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE }),
        PagingModule.forRoot(config.CURSOR_SECRET),
      ],
      // `Idempotency-Key` on every POST (keys in the service's own `idempotency_keys` collection).
      providers: [
        { provide: IDEMPOTENCY_STORE, useClass: MongoIdempotencyStore },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        // Expired idempotency keys and leases: deleted by TTL indexes on MongoDB, by this sweep everywhere.
        StoreSweeper,
      ],
    };
  }
}
