import { MongoClient, type Collection, type CommandStartedEvent } from 'mongodb';
import { isolate, testEnvironment } from '@aftercare/testing';
import { isDuplicateKey, SharedReads, SharedWrites, WRITE_ID_FIELD } from '../src';

/**
 * Group commit against the real store: writes asked for together leave as one command, and each
 * caller still learns its own outcome — its duplicate key, its version guard that missed; look-ups
 * asked for together leave as one read, and each caller gets its own documents.
 */
const env = testEnvironment();
const { dbName } = isolate('shared-writes');

interface Item {
  _id: string;
  version: number;
  value: string;
  code?: string;
}

let client: MongoClient;
const commands: CommandStartedEvent[] = [];
let sequence = 0;

function freshCollection(): Collection<Item> {
  sequence += 1;
  return client.db(dbName).collection<Item>(`items_${sequence}`);
}

const bulkWritesTo = (collection: Collection<Item>) =>
  commands.filter((c) => ['insert', 'update'].includes(c.commandName) && c.command[c.commandName] === collection.collectionName).length;

const versionGuard = (id: string, version: number) => ({ _id: id, version });
const bump = (version: number, value: string) => ({ $set: { version: version + 1, value } });

beforeAll(async () => {
  client = await MongoClient.connect(env.mongoUrl, { monitorCommands: true });
  client.on('commandStarted', (event) => commands.push(event));
});

afterAll(async () => {
  await client?.db(dbName).dropDatabase();
  await client?.close();
});

describe('SharedWrites against the store', () => {
  it('sends inserts asked for together as one command and stores each', async () => {
    const collection = freshCollection();
    const writes = new SharedWrites(collection);
    await Promise.all(Array.from({ length: 40 }, (_, i) => writes.insert({ _id: `i-${i}`, version: 1, value: 'new' })));
    expect(await collection.countDocuments()).toBe(40);
    expect(bulkWritesTo(collection)).toBe(1);
  });

  it("rejects only the insert whose key exists, with the store's duplicate key error", async () => {
    const collection = freshCollection();
    await collection.insertOne({ _id: 'taken', version: 1, value: 'first' });
    const writes = new SharedWrites(collection);
    const outcomes = await Promise.allSettled([
      writes.insert({ _id: 'a', version: 1, value: 'new' }),
      writes.insert({ _id: 'taken', version: 1, value: 'second' }),
      writes.insert({ _id: 'b', version: 1, value: 'new' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isDuplicateKey((outcomes[1] as PromiseRejectedResult).reason)).toBe(true);
    expect((await collection.findOne({ _id: 'taken' }))?.value).toBe('first');
    expect(await collection.countDocuments()).toBe(3);
  });

  it('tells each guarded update whether it matched, in one command when all did', async () => {
    const collection = freshCollection();
    await collection.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `g-${i}`, version: 3, value: 'old' })));
    const writes = new SharedWrites(collection);
    const before = commands.length;
    const matched = await Promise.all(Array.from({ length: 20 }, (_, i) => writes.guardedUpdate(versionGuard(`g-${i}`, 3), bump(3, 'new'))));
    expect(matched.every(Boolean)).toBe(true);
    expect(commands.slice(before).map((c) => c.commandName)).toEqual(['update']);
    const stored = await collection.find().toArray();
    expect(stored.every((d) => d.version === 4 && d.value === 'new')).toBe(true);
  });

  it('tells a missed guard apart from the matched ones by the stamp each wrote', async () => {
    const collection = freshCollection();
    await collection.insertMany([
      { _id: 'x', version: 1, value: 'old' },
      { _id: 'y', version: 5, value: 'moved on' },
      { _id: 'z', version: 1, value: 'old' },
    ]);
    const writes = new SharedWrites(collection);
    const before = commands.length;
    const matched = await Promise.all([
      writes.guardedUpdate(versionGuard('x', 1), bump(1, 'new')),
      writes.guardedUpdate(versionGuard('y', 1), bump(1, 'stale')),
      writes.guardedUpdate(versionGuard('z', 1), bump(1, 'new')),
    ]);
    expect(matched).toEqual([true, false, true]);
    // One shared update, then one read of the stamps by `_id`.
    expect(commands.slice(before).map((c) => c.commandName)).toEqual(['update', 'find']);
    expect(await collection.findOne({ _id: 'y' })).toEqual({ _id: 'y', version: 5, value: 'moved on' });
    expect(typeof (await collection.findOne({ _id: 'x' }))?.[WRITE_ID_FIELD as 'value']).toBe('string');
  });

  it('tells guards that all missed from the shared count, without reading the stamps', async () => {
    const collection = freshCollection();
    await collection.insertMany([
      { _id: 'p', version: 4, value: 'moved on' },
      { _id: 'q', version: 4, value: 'moved on' },
    ]);
    const writes = new SharedWrites(collection);
    const before = commands.length;
    const matched = await Promise.all([writes.guardedUpdate(versionGuard('p', 1), bump(1, 'stale')), writes.guardedUpdate(versionGuard('q', 2), bump(2, 'stale'))]);
    expect(matched).toEqual([false, false]);
    expect(commands.slice(before).map((c) => c.commandName)).toEqual(['update']);
  });

  it('lets exactly one of two updates guarded by the same version win', async () => {
    const collection = freshCollection();
    await collection.insertOne({ _id: 'race', version: 7, value: 'old' });
    const writes = new SharedWrites(collection);
    const matched = await Promise.all([
      writes.guardedUpdate(versionGuard('race', 7), bump(7, 'first')),
      writes.guardedUpdate(versionGuard('race', 7), bump(7, 'second')),
    ]);
    expect(matched.filter(Boolean)).toHaveLength(1);
    const stored = await collection.findOne({ _id: 'race' });
    expect(stored?.version).toBe(8);
    expect(stored?.value).toBe(matched[0] ? 'first' : 'second');
  });

  it('mixes inserts, guarded updates and plain upserts of the moment in one command', async () => {
    const collection = freshCollection();
    await collection.insertOne({ _id: 'm', version: 1, value: 'old' });
    const writes = new SharedWrites(collection);
    const before = commands.length;
    const [, matched] = await Promise.all([
      writes.insert({ _id: 'n', version: 1, value: 'new' }),
      writes.guardedUpdate(versionGuard('m', 1), bump(1, 'new')),
      writes.write([{ updateOne: { filter: { _id: 'o' }, update: { $set: { version: 1, value: 'upserted' } }, upsert: true } }]),
    ]);
    expect(matched).toBe(true);
    expect(commands.slice(before).map((c) => c.commandName)).toEqual(['insert', 'update']);
    expect((await collection.find().sort({ _id: 1 }).toArray()).map((d) => d.value)).toEqual(['new', 'new', 'upserted']);
  });

  it('splits what is asked for at once into commands of at most its size, never splitting one request', async () => {
    const collection = freshCollection();
    const writes = new SharedWrites(collection, 10);
    const many = Array.from({ length: 25 }, (_, i) => writes.insert({ _id: `s-${i}`, version: 1, value: 'new' }));
    const group = writes.write(Array.from({ length: 8 }, (_, i) => ({ insertOne: { document: { _id: `w-${i}`, version: 1, value: 'new' } } })));
    const before = commands.length;
    await Promise.all([...many, group]);
    expect(await collection.countDocuments()).toBe(33);
    // 25 single inserts: 10, 10, 5; the request of 8 does not fit beside the 5 and goes whole in its own.
    const sizes = commands.slice(before).filter((c) => c.commandName === 'insert').map((c) => (c.command.documents as unknown[]).length);
    expect(sizes).toEqual([10, 10, 5, 8]);
  });

  it("rejects only the request whose operation the store refused, and stores the others", async () => {
    const collection = freshCollection();
    const writes = new SharedWrites(collection);
    const conflicting = { $set: { version: 2 }, $inc: { version: 1 } }; // two operators on one field
    const outcomes = await Promise.allSettled([
      writes.insert({ _id: 'f-1', version: 1, value: 'new' }),
      writes.write([{ updateOne: { filter: { _id: 'f-0' }, update: conflicting, upsert: true } }]),
      writes.insert({ _id: 'f-2', version: 1, value: 'new' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await collection.countDocuments()).toBe(2);
  });

  it('rejects every write of a command that failed as a whole', async () => {
    const closing = await MongoClient.connect(env.mongoUrl);
    const writes = new SharedWrites(closing.db(dbName).collection<Item>('closed'));
    await closing.close();
    const outcomes = await Promise.allSettled([
      writes.insert({ _id: 'c-1', version: 1, value: 'new' }),
      writes.guardedUpdate(versionGuard('c-2', 1), bump(1, 'new')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('SharedReads against the store', () => {
  const findsOn = (collection: Collection<Item>, since: number) =>
    commands.slice(since).filter((c) => c.commandName === 'find' && c.command.find === collection.collectionName).length;

  it('answers look-ups asked for together with one read, each with its own document or null', async () => {
    const collection = freshCollection();
    await collection.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: `r-${i}`, version: 1, value: `v${i}` })));
    const reads = new SharedReads(collection);
    const before = commands.length;
    const found = await Promise.all([...Array.from({ length: 30 }, (_, i) => reads.findOne(`r-${i}`)), reads.findOne('missing')]);
    expect(found.slice(0, 30).map((d) => d?.value)).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
    expect(found[30]).toBeNull();
    expect(findsOn(collection, before)).toBe(1);
  });

  it('gives two callers of one key documents of their own, and several keys to one caller', async () => {
    const collection = freshCollection();
    await collection.insertMany([
      { _id: 'a', version: 1, value: 'A' },
      { _id: 'b', version: 1, value: 'B' },
    ]);
    const reads = new SharedReads(collection);
    const [first, second, many] = await Promise.all([reads.findOne('a'), reads.findOne('a'), reads.findMany(['a', 'b', 'gone'])]);
    expect(first).toEqual(second);
    expect(first).not.toBe(second);
    expect(many.map((d) => d.value).sort()).toEqual(['A', 'B']);
  });

  it('reads by another unique field', async () => {
    const collection = freshCollection();
    await collection.createIndex({ code: 1 }, { unique: true, sparse: true });
    await collection.insertMany([
      { _id: 'k', version: 1, value: 'K', code: 'K-1' },
      { _id: 'l', version: 1, value: 'L', code: 'L-1' },
    ]);
    const reads = new SharedReads(collection, 'code');
    const found = await Promise.all([reads.findOne('K-1'), reads.findOne('L-1'), reads.findOne('k')]);
    expect(found.map((d) => d?.value ?? null)).toEqual(['K', 'L', null]);
  });

  it('answers a look-up asked while a read is in flight with a read that starts after it', async () => {
    const collection = freshCollection();
    await collection.insertOne({ _id: 'f', version: 1, value: 'old' });
    const reads = new SharedReads(collection);
    const firstReadSent = new Promise<void>((resolve) => {
      const listener = (event: CommandStartedEvent) => {
        if (event.commandName !== 'find' || event.command.find !== collection.collectionName) return;
        client.off('commandStarted', listener);
        resolve();
      };
      client.on('commandStarted', listener);
    });
    const first = reads.findOne('f');
    await firstReadSent;
    await collection.updateOne({ _id: 'f' }, { $set: { value: 'new' } });
    // Asked after the update was stored: whatever the read in flight returns, this one sees it.
    expect((await reads.findOne('f'))?.value).toBe('new');
    expect(['old', 'new']).toContain((await first)?.value);
  });

  it('splits look-ups into reads of at most its size', async () => {
    const collection = freshCollection();
    await collection.insertMany(Array.from({ length: 12 }, (_, i) => ({ _id: `p-${i}`, version: 1, value: 'v' })));
    const reads = new SharedReads(collection, '_id', 5);
    const before = commands.length;
    const found = await Promise.all(Array.from({ length: 12 }, (_, i) => reads.findOne(`p-${i}`)));
    expect(found.every((d) => d !== null)).toBe(true);
    expect(findsOn(collection, before)).toBe(3);
  });

  it('rejects the look-ups of a read that failed', async () => {
    const closing = await MongoClient.connect(env.mongoUrl);
    const reads = new SharedReads(closing.db(dbName).collection<Item>('closed-reads'));
    await closing.close();
    await expect(reads.findOne('x')).rejects.toThrow();
  });
});
