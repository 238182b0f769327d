import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import mongoose, { type Connection } from 'mongoose';
import { HealthRegistry, MetricsRegistry } from '@aftercare/observability';
import { Counter } from 'prom-client';

import type { DueIndexSettings } from './due-work';
import { DUE_WORK_SETTINGS, MongoDueWorkStore } from './due-work-store';
import { ExpiringRecords } from './expiring-records';
import { LeaseStore } from './leases';
import { MONGO_CONNECTION } from './mongo-connection';
import './mongo-pool-maintenance';
import { replicaSetWarning, type HelloReply } from './replica-set-check';

export { MONGO_CONNECTION };

export interface MongoOptions {
  url: string;
  dbName: string;
  /** Settings of the service's due indexes (`due_work`), e.g. the backstop interval. */
  dueWork?: Partial<DueIndexSettings>;
}

/** Opens the connection at start-up (an unreachable store stops the service with a clear reason). */
export async function connectMongo({ url, dbName }: MongoOptions): Promise<Connection> {
  // Command monitoring feeds `store_commands_total`: how many reads and writes each flow costs.
  // No autoIndex / autoCreate: every store prepares its collection itself (prepareCollection);
  // mongoose's background `create` raced those preparations on the embedded store.
  const connection = mongoose.createConnection(url, {
    dbName,
    serverSelectionTimeoutMS: 5000,
    autoIndex: false,
    autoCreate: false,
    monitorCommands: true,
  });
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
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.metrics) countStoreCommands(this.connection, this.metrics);
    this.health?.register('mongo', async () => {
      const db = this.connection.db;
      if (!db) throw new Error('not connected to the store');
      await db.admin().command({ ping: 1 });
      return { ok: true };
    });
    // `hello` since MongoDB 4.4.2; `isMaster` before it and on the embedded store.
    const admin = this.connection.db?.admin();
    const hello = (await admin?.command({ hello: 1 }).catch(() => admin.command({ isMaster: 1 })).catch(() => undefined)) as HelloReply | undefined;
    const warning = replicaSetWarning(hello, `${this.connection.host}:${this.connection.port}`);
    if (warning) new Logger('persistence').warn(warning);
  }

  /** Last in the shutdown order: consumers and the outbox relay are done with the store by now. */
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** Commands that are not reads or writes of the service's data (handshakes, cursors, sessions). */
const NOT_COUNTED = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'killCursors', 'saslStart', 'saslContinue', 'buildInfo']);

/**
 * `store_commands_total{collection, command}`: the benchmark reads it to report the store
 * operations one case costs; operators read it to see which collection a load lands on.
 * `store_document_writes_total{collection, command}`: the documents those write commands carry
 * (a shared write of 30 saves is one command and 30 document writes, ADR 0053).
 */
function countStoreCommands(connection: Connection, metrics: MetricsRegistry): void {
  const commands = new Counter({
    name: 'store_commands_total',
    help: 'Commands sent to the document store, by collection and command',
    labelNames: ['collection', 'command'],
    registers: [metrics.registry],
  });
  const documentWrites = new Counter({
    name: 'store_document_writes_total',
    help: 'Document writes (inserts, updates, deletes) the write commands sent to the document store carry, by collection and command',
    labelNames: ['collection', 'command'],
    registers: [metrics.registry],
  });
  connection.getClient().on('commandStarted', (event) => {
    if (NOT_COUNTED.has(event.commandName)) return;
    const target = event.command[event.commandName];
    const labels = { collection: typeof target === 'string' ? target : '', command: event.commandName };
    commands.inc(labels);
    const writes = documentWritesOf(event.commandName, event.command);
    if (writes) documentWrites.inc(labels, writes);
  });
}

/** The document writes one command carries: its inserts, updates or deletes; 0 for a read. */
export function documentWritesOf(commandName: string, command: Record<string, unknown>): number {
  const listed = { insert: 'documents', update: 'updates', delete: 'deletes' }[commandName];
  if (listed) return Array.isArray(command[listed]) ? (command[listed] as unknown[]).length : 0;
  return commandName === 'findAndModify' ? 1 : 0;
}

@Global()
@Module({})
export class MongoModule {
  static forRoot(options: MongoOptions): DynamicModule {
    return {
      module: MongoModule,
      providers: [
        { provide: MONGO_CONNECTION, useFactory: () => connectMongo(options) },
        { provide: DUE_WORK_SETTINGS, useValue: options.dueWork ?? {} },
        MongoLifecycle,
        ExpiringRecords,
        LeaseStore,
        MongoDueWorkStore,
      ],
      exports: [MONGO_CONNECTION, ExpiringRecords, LeaseStore, MongoDueWorkStore],
    };
  }
}
