import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import mongoose, { type Connection } from 'mongoose';
import { HealthRegistry } from '@aftercare/observability';

import { ExpiringRecords } from './expiring-records';
import { LeaseStore } from './leases';
import { MONGO_CONNECTION } from './mongo-connection';

export { MONGO_CONNECTION };

export interface MongoOptions {
  url: string;
  dbName: string;
}

/** Opens the connection at start-up (an unreachable store stops the service with a clear reason). */
export async function connectMongo({ url, dbName }: MongoOptions): Promise<Connection> {
  const connection = mongoose.createConnection(url, { dbName, serverSelectionTimeoutMS: 5000, autoIndex: false });
  try {
    return await connection.asPromise();
  } catch (error) {
    throw new Error(`MongoDB not reachable at ${url}: ${(error as Error).message}`);
  }
}

@Injectable()
class MongoLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
    @Optional() private readonly health?: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health?.register('mongo', async () => {
      await this.connection.db!.admin().command({ ping: 1 });
      return { ok: true };
    });
  }

  /** Last in the shutdown order: consumers and the outbox relay are done with the store by now. */
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Global()
@Module({})
export class MongoModule {
  static forRoot(options: MongoOptions): DynamicModule {
    return {
      module: MongoModule,
      providers: [{ provide: MONGO_CONNECTION, useFactory: () => connectMongo(options) }, MongoLifecycle, ExpiringRecords, LeaseStore],
      exports: [MONGO_CONNECTION, ExpiringRecords, LeaseStore],
    };
  }
}
