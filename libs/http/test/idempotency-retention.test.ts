/**
 * Idempotency keys are kept 24 h, against the real store: the clock of the interceptor and of the
 * sweep is driven by the test, never waited for.
 */
import { Body, Controller, Module, Post, type INestApplication } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { Connection } from 'mongoose';
import { LEASES_COLLECTION, LeaseStore, MONGO_CONNECTION, MongoModule } from '@aftercare/persistence';
import { isolate, testEnvironment } from '@aftercare/testing';
import {
  IDEMPOTENCY_COLLECTION,
  IDEMPOTENCY_OPTIONS,
  IDEMPOTENCY_STORE,
  IdempotencyInterceptor,
  MongoIdempotencyStore,
  StoreSweeper,
  type IdempotencyRecord,
} from '../src';

const HOUR = 3_600_000;
let clock = new Date('2025-06-01T08:00:00Z');
let created = 0;

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: { name: string }): { id: string; name: string } {
    created += 1;
    return { id: `thing-${created}`, name: body.name };
  }
}

@Module({
  imports: [MongoModule.forRoot({ url: testEnvironment().mongoUrl, dbName: isolate('idempotency-retention').dbName })],
  controllers: [ThingsController],
  providers: [
    { provide: IDEMPOTENCY_OPTIONS, useValue: { now: () => new Date(clock) } },
    { provide: IDEMPOTENCY_STORE, useClass: MongoIdempotencyStore },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    StoreSweeper,
  ],
})
class RetentionTestModule {}

let app: INestApplication;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({ imports: [RetentionTestModule] }).compile();
  app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
});

afterAll(async () => {
  await app.get<Connection>(MONGO_CONNECTION).dropDatabase();
  await app.close();
});

const keys = () => app.get<Connection>(MONGO_CONNECTION).collection<IdempotencyRecord>(IDEMPOTENCY_COLLECTION);
const post = (key: string, name: string) => request(app.getHttpServer()).post('/things').set('idempotency-key', key).send({ name });

describe('idempotency keys are kept 24 h', () => {
  it('sweeps a key older than its retention, keeps a fresh one, and treats a replay after the sweep as new', async () => {
    const first = await post('old-key', 'pump');
    expect(first.status).toBe(201);
    clock = new Date(clock.getTime() + 23 * HOUR);
    const second = await post('fresh-key', 'valve');
    expect(second.status).toBe(201);
    expect(await keys().countDocuments({ _id: { $in: ['-|POST|/things|old-key', '-|POST|/things|fresh-key'] } })).toBe(2);

    // 24 h after the first request: its key is due, the second has 23 h to go.
    clock = new Date(clock.getTime() + 1 * HOUR);
    const swept = await app.get(StoreSweeper).sweepOnce(clock);
    expect(swept[IDEMPOTENCY_COLLECTION]).toBe(1);
    expect(await keys().findOne({ _id: '-|POST|/things|old-key' })).toBeNull();
    expect(await keys().findOne({ _id: '-|POST|/things|fresh-key' })).toMatchObject({
      status: 'completed',
      expiresAt: new Date(clock.getTime() + 23 * HOUR),
    });

    const replayOfFresh = await post('fresh-key', 'valve');
    expect(replayOfFresh.headers['idempotency-replayed']).toBe('true');
    expect(replayOfFresh.body).toEqual(second.body);

    const replayOfOld = await post('old-key', 'pump');
    expect(replayOfOld.status).toBe(201);
    expect(replayOfOld.headers['idempotency-replayed']).toBeUndefined();
    expect(replayOfOld.body).toEqual({ id: 'thing-3', name: 'pump' });
  });

  it('sweeps keys stored before keys carried an expiry, once older than the retention', async () => {
    const legacy = (id: string, createdAt: Date) =>
      ({ _id: id, tenantId: null, method: 'POST', path: '/things', key: id, requestHash: 'x', status: 'completed', createdAt }) as unknown as IdempotencyRecord;
    await keys().insertMany([legacy('legacy-old', new Date(clock.getTime() - 25 * HOUR)), legacy('legacy-fresh', new Date(clock.getTime() - HOUR))]);
    await app.get(StoreSweeper).sweepOnce(clock);
    expect((await keys().find({ _id: { $in: ['legacy-old', 'legacy-fresh'] } }).toArray()).map((k) => k._id)).toEqual(['legacy-fresh']);
  });

  it('sweeps expired leases as well, and leaves live ones', async () => {
    const leases = app.get(LeaseStore);
    const owner = leases.newOwner();
    expect(await leases.acquire('job|expired', owner, new Date(clock.getTime() - 2 * HOUR), HOUR)).not.toBeNull();
    expect(await leases.acquire('job|live', owner, clock, HOUR)).not.toBeNull();
    const swept = await app.get(StoreSweeper).sweepOnce(clock);
    expect(swept[LEASES_COLLECTION]).toBe(1);
    const left = await app.get<Connection>(MONGO_CONNECTION).collection(LEASES_COLLECTION).find({}).toArray();
    expect(left.map((l) => l._id)).toEqual(['job|live']);
  });

  it('declares TTL indexes on expiresAt, for MongoDB to expire them by itself', async () => {
    for (const name of [IDEMPOTENCY_COLLECTION, LEASES_COLLECTION]) {
      const indexes = await app.get<Connection>(MONGO_CONNECTION).collection(name).indexes();
      expect(indexes).toContainEqual(expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }));
    }
  });
});
