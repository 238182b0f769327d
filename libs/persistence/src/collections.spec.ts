import {
  EXPIRY_INDEX_DESCRIPTION,
  ID_INDEX_DESCRIPTION,
  indexDescriptionsOf,
  isStartUpRace,
  prepareCollection,
  storeFailureHint,
  StoreSetupError,
  type IndexDescription,
} from './collections';

/** The embedded store's answer to a lost `create` race (H2 backend), as the driver reports it. */
const javaRace = () =>
  Object.assign(new Error("Unknown error: Document with key 'aftercare_intake.service_requests' already existed in H2Collection(aftercare_intake.system.namespaces): {}"), {
    name: 'MongoServerError',
  });

function fakeCollection(failures: unknown[]) {
  const calls: IndexDescription[][] = [];
  return {
    calls,
    collectionName: 'service_requests',
    dbName: 'aftercare_intake',
    async createIndexes(indexes: IndexDescription[]) {
      calls.push(indexes);
      const failure = failures.shift();
      if (failure) throw failure;
      return indexes.map((i) => i.name);
    },
  };
}

const noWait = { sleep: async () => undefined };

describe('indexDescriptionsOf', () => {
  it('lists the TTL index, the secondary and the unique indexes of a layout in one command', () => {
    expect(
      indexDescriptionsOf({
        expiring: true,
        indexes: [{ keys: { tenantId: 1, at: -1 } }, { keys: { _outboxPending: 1 }, sparse: true }],
        unique: [{ name: 'version_guard', keys: { _id: 1, version: 1 } }, { name: 'externalKey_1', keys: { externalKey: 1 }, sparse: true }],
      }),
    ).toEqual([
      EXPIRY_INDEX_DESCRIPTION,
      { key: { tenantId: 1, at: -1 } },
      { key: { _outboxPending: 1 }, sparse: true },
      { key: { _id: 1, version: 1 }, name: 'version_guard', unique: true },
      { key: { externalKey: 1 }, name: 'externalKey_1', unique: true, sparse: true },
    ]);
  });

  it('creates a collection without indexes of its own through its `_id` index', () => {
    expect(indexDescriptionsOf({})).toEqual([ID_INDEX_DESCRIPTION]);
  });
});

describe('prepareCollection', () => {
  it('sends one createIndexes command (which creates the collection when missing) and never `create`', async () => {
    const collection = fakeCollection([]);
    await prepareCollection(collection, { unique: [{ name: 'lease_owner', keys: { _id: 1, owner: 1 } }] }, noWait);
    expect(collection.calls).toEqual([[{ key: { _id: 1, owner: 1 }, name: 'lease_owner', unique: true }]]);
  });

  it('retries the start-up race with growing waits and declares the `_id` index again after it', async () => {
    const waits: number[] = [];
    const collection = fakeCollection([javaRace(), Object.assign(new Error('Collection already exists'), { code: 48 })]);
    await prepareCollection(collection, { unique: [{ name: 'v', keys: { _id: 1, v: 1 } }] }, { firstDelayMs: 100, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([100, 200]);
    expect(collection.calls).toHaveLength(3);
    expect(collection.calls[0]).not.toContainEqual(ID_INDEX_DESCRIPTION);
    expect(collection.calls[1][0]).toEqual(ID_INDEX_DESCRIPTION);
    expect(collection.calls[2]).toContainEqual({ key: { _id: 1, v: 1 }, name: 'v', unique: true });
  });

  it('gives up after the last attempt with the collection, the attempts and what to do', async () => {
    const collection = fakeCollection([javaRace(), javaRace(), javaRace()]);
    const failure = await prepareCollection(collection, {}, { ...noWait, attempts: 3 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreSetupError);
    expect((failure as StoreSetupError).message).toMatch(/^could not prepare the collection aftercare_intake\.service_requests \(3 attempts\): Unknown error: Document/);
    expect((failure as StoreSetupError).hint).toMatch(/start-up race.*npm start.*restarts it/);
    expect(collection.calls).toHaveLength(3);
  });

  it('does not retry what is not the race: an index declared with other options says how to fix it', async () => {
    const conflict = Object.assign(new Error('An existing index has the same name as the requested index'), { code: 86 });
    const collection = fakeCollection([conflict]);
    const failure = (await prepareCollection(collection, {}, noWait).catch((error: unknown) => error)) as StoreSetupError;
    expect(collection.calls).toHaveLength(1);
    expect(failure.hint).toMatch(/dropIndex/);
  });
});

describe('isStartUpRace and storeFailureHint', () => {
  it('know the race by its code on MongoDB and by the Java assertion on the embedded store', () => {
    expect(isStartUpRace(javaRace())).toBe(true);
    expect(isStartUpRace({ code: 48 })).toBe(true);
    expect(isStartUpRace({ code: 276 })).toBe(true);
    expect(isStartUpRace({ code: 11000, message: 'E11000 duplicate key' })).toBe(false);
    expect(isStartUpRace(undefined)).toBe(false);
  });

  it('never leave an internal Java message of the embedded store without what to do', () => {
    expect(storeFailureHint(javaRace())).toMatch(/npm start/);
    expect(storeFailureHint(Object.assign(new Error('Unknown error: NullPointerException'), { name: 'MongoServerError' }))).toMatch(/stack:down/);
    expect(storeFailureHint(new Error('invalid configuration: MONGO_URL is required'))).toBeNull();
  });
});
