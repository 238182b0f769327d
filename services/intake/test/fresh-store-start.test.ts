import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongoClient, type Db } from 'mongodb';
import { ensureDevKeys } from '@aftercare/auth';
import { configureHttpApp } from '@aftercare/http';
import { loadConfig } from '@aftercare/observability';
import { isolate, testEnvironment } from '@aftercare/testing';
import { AppModule } from '../src/app.module';
import { configShape } from '../src/config/config';

/**
 * Issue 9, item 1: a fresh clone's first `npm start` crashed intake with the embedded store's
 * internal "Document with key 'aftercare_intake.service_requests' already existed in
 * H2Collection(… system.namespaces)": mongoose's background `create` of the collection raced the
 * repositories' own index builds, all started at once by Nest's module initialisers. Here intake
 * starts 20 times in a row, each time on a database nobody has touched, exactly as the app
 * starts (Nest runs every provider's `onModuleInit` of a module concurrently), and each start must
 * leave every collection with its indexes — live ones: a duplicate key is refused.
 */
const STARTS = 20;

/** Two instances of a service starting together on an empty store (a second replica, a restart while the first still initialises). */
const PAIRS = 10;

/** Collections intake prepares at start-up and the indexes each must then have. */
const EXPECTED_INDEXES: Record<string, string[]> = {
  service_requests: ['_id_', 'version_guard', 'outbox_claim', 'externalKey_1', '_outboxPending_1'],
  open_case_keys: ['_id_'],
  case_timelines: ['_id_'],
  archive_reads: ['_id_', 'tenantId_1_at_-1__id_-1'],
  customers: ['_id_'],
  installed_base: ['_id_', 'tenantId_1_customerId_1'],
  sla_clocks: ['_id_', 'version_guard', 'nextCheckAt_1', 'tenantId_1_caseId_1'],
  sla_policies: ['_id_', 'tenantId_1_policyId_1'],
  sla_calendars: ['_id_', 'tenantId_1_calendarId_1'],
  leases: ['_id_', 'lease_owner', 'expiresAt_ttl'],
  due_work: ['_id_', 'due_bucket_version'],
  idempotency_keys: ['_id_', 'key_status', 'key_created', 'expiresAt_ttl'],
};

describe('intake on a fresh, empty store', () => {
  const env = testEnvironment();
  let client: MongoClient;

  beforeAll(async () => {
    client = await new MongoClient(env.mongoUrl).connect();
  });

  afterAll(async () => {
    await client?.close();
  });

  it(`starts ${STARTS} times in a row, each on a new database, without a crash and with every collection prepared`, async () => {
    const failures: string[] = [];
    for (let start = 1; start <= STARTS; start += 1) {
      const { topicPrefix, dbName } = isolate(`intake-fresh-${start}`);
      try {
        const app = await startIntakeOn(dbName, topicPrefix, `start ${start}`, failures);
        await app?.close().catch(() => undefined);
        if (app) await checkPrepared(client.db(dbName), `start ${start}`, failures);
      } finally {
        await client.db(dbName).dropDatabase().catch(() => undefined);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it(`starts two instances at once on a new database, ${PAIRS} times, without a crash and with every collection prepared`, async () => {
    const failures: string[] = [];
    for (let pair = 1; pair <= PAIRS; pair += 1) {
      const { topicPrefix, dbName } = isolate(`intake-fresh-pair-${pair}`);
      try {
        const apps = await Promise.all(['a', 'b'].map((instance) => startIntakeOn(dbName, topicPrefix, `pair ${pair}${instance}`, failures)));
        await Promise.all(apps.map((app) => app?.close().catch(() => undefined)));
        await checkPrepared(client.db(dbName), `pair ${pair}`, failures);
      } finally {
        await client.db(dbName).dropDatabase().catch(() => undefined);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  /** Starts intake as the app does (module initialisers, then bootstrap), or records why it crashed. */
  async function startIntakeOn(dbName: string, topicPrefix: string, label: string, failures: string[]): Promise<INestApplication | undefined> {
    const keys = await ensureDevKeys(path.join(os.tmpdir(), 'aftercare-test-keys'));
    const config = loadConfig('intake', configShape, {
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      MONGO_URL: env.mongoUrl,
      MONGO_DB: dbName,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      AUTH_JWKS_URI: keys.jwksUri,
      LOG_LEVEL: 'warn',
    });
    let app: INestApplication | undefined;
    try {
      app = await NestFactory.create(AppModule.register(config), { logger: false, abortOnError: false });
      configureHttpApp(app, { name: 'intake', description: 'intake on a fresh store' });
      await app.init();
      return app;
    } catch (error) {
      failures.push(`${label} (${dbName}) crashed: ${(error as Error).message.split('\n')[0]}`);
      await app?.close().catch(() => undefined);
      return undefined;
    }
  }
});

async function checkPrepared(db: Db, label: string, failures: string[]): Promise<void> {
  const missing = await missingIndexes(db);
  if (missing.length) failures.push(`${label} (${db.databaseName}): missing ${missing.join(', ')}`);
  await expectDuplicateRefused(db, label, failures);
}

async function missingIndexes(db: Db): Promise<string[]> {
  const collections = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  const missing: string[] = [];
  for (const [collection, indexes] of Object.entries(EXPECTED_INDEXES)) {
    if (!collections.has(collection)) {
      missing.push(`collection ${collection}`);
      continue;
    }
    const names = new Set((await db.collection(collection).listIndexes().toArray()).map((i) => String(i.name)));
    for (const index of indexes) if (!names.has(index)) missing.push(`${collection}.${index}`);
  }
  return missing;
}

/**
 * The store's live unique indexes, not only their descriptions: the embedded store's in-memory
 * mode answers a lost `create` race by replacing the collection object, without its indexes.
 */
async function expectDuplicateRefused(db: Db, label: string, failures: string[]): Promise<void> {
  const cases = db.collection<{ _id: string; externalKey: string }>('service_requests');
  await cases.insertOne({ _id: 'probe-a', externalKey: 'probe' });
  const second = await cases.insertOne({ _id: 'probe-b', externalKey: 'probe' }).then(
    () => 'accepted',
    (error: { code?: number }) => (error.code === 11000 ? 'refused' : `failed otherwise: ${String(error)}`),
  );
  const again = await cases.insertOne({ _id: 'probe-a', externalKey: 'other' }).then(
    () => 'accepted',
    (error: { code?: number }) => (error.code === 11000 ? 'refused' : `failed otherwise: ${String(error)}`),
  );
  if (second !== 'refused') failures.push(`${label}: a second case with the same externalKey was ${second}`);
  if (again !== 'refused') failures.push(`${label}: a second case with the same _id was ${again}`);
}
