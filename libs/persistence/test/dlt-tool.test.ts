/**
 * The dead-letter tool (`npm run dlt`, tools/dlt/dlt.ts) as an operator runs it, against the real
 * broker: dead letters made by real consumer groups, `list` without a group over every group of
 * the deployment, replays recorded and shown as "replayed at … by …", a second replay refused
 * without --force.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { FAILURE_HEADERS, GroupConsumer, KafkaClient, PermanentMessageError, RetryConsumer, TopicNames, type DeadLetter } from '@aftercare/messaging';
import { TopicProbe, isolate, testEnvironment, until } from '@aftercare/testing';

const ROOT = path.resolve(__dirname, '../../..');
/** A topic outside the contracts: the consumers below take every message on it. */
const ORDERS = 'testing.public.orders.v1';
const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined };

const env = testEnvironment();
const { topicPrefix } = isolate('dlt-tool');
const alpha = new TopicNames(topicPrefix, 'alpha', 'main');
const beta = new TopicNames(topicPrefix, 'beta', 'audit');
const client = new KafkaClient('dlt-tool-test', env.kafkaBrokers);
const probe = new TopicProbe(env.kafkaBrokers);
const consumers: GroupConsumer[] = [];
/** alpha and beta are groups of two services: each service reads its retries in a consumer of its own. */
const retries: RetryConsumer[] = [];
/** Until true, alpha's handler fails every order for good; beta's always does. */
let alphaFixed = false;
const alphaHandled: string[] = [];
const o1 = randomUUID();
const o2 = randomUUID();

/** A consumer group of service `names.service` that reads ORDERS and hands each order id to `handle`. */
function ordersConsumer(names: TopicNames, handle: (orderId: string) => Promise<void>): GroupConsumer {
  const consumer = new GroupConsumer(
    client,
    names,
    { retry: { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 200 }, lanes: 1, partitionsConsumedConcurrently: 3, keysInFlight: 4, fromBeginning: true },
    undefined,
    quiet,
  );
  consumer.register(ORDERS, undefined, `${names.group} orders`, (envelope) => handle(envelope.id));
  return consumer;
}

beforeAll(async () => {
  await client.ensureTopics([
    { name: alpha.physical(ORDERS), partitions: 3 },
    ...[alpha, beta].flatMap((n) => [
      { name: n.retryTopic, partitions: 3 },
      { name: n.deadLetterTopic, partitions: 3 },
    ]),
  ]);
  consumers.push(
    ordersConsumer(alpha, async (id) => {
      if (!alphaFixed) fail();
      alphaHandled.push(id);
    }),
    ordersConsumer(beta, async () => fail()),
  );
  retries.push(...consumers.map((c) => new RetryConsumer(client, [c], quiet)));
  await Promise.all([...consumers, ...retries].map((c) => c.start()));
  await Promise.all(consumers.map((c) => c.waitUntilJoined()));
  await probe.watch([alpha.deadLetterTopic, beta.deadLetterTopic]);
  for (const id of [o1, o2]) await sendOrder(id);
  await probe.waitFor((m) => m.topic === alpha.deadLetterTopic, { count: 2 });
  await probe.waitFor((m) => m.topic === beta.deadLetterTopic, { count: 2 });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([...consumers, ...retries].map((c) => c.stop()));
  await probe.close();
  await client.close();
});

function fail(): never {
  throw new PermanentMessageError('ORDER_BROKEN', 'the order cannot be handled');
}

async function sendOrder(id: string): Promise<void> {
  await probe.send(alpha.physical(ORDERS), {
    key: id,
    value: JSON.stringify({ orderId: id }),
    headers: { ce_specversion: '1.0', ce_id: id, ce_type: 'testing.order.placed', ce_source: '/testing', ce_time: new Date().toISOString(), ce_subject: id, ce_tenantid: 'acme', 'content-type': 'application/json' },
  });
}

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** `npm run dlt -- <args>` for this test's deployment (its topic prefix). */
function dlt(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', path.join(ROOT, 'tools/dlt/dlt.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, KAFKA_BROKERS: env.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
        encoding: 'utf8',
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ status: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function listed(group?: string): Promise<DeadLetter[]> {
  const run = await dlt('list', ...(group ? [group] : []), '--json');
  expect(run).toMatchObject({ status: 0 });
  return JSON.parse(run.stdout) as DeadLetter[];
}

/** Copies of dead letters sent back to alpha's retry topic, all time. */
async function alphaReplaysSent(): Promise<number> {
  const admin = await client.admin();
  return (await admin.fetchTopicOffsets(alpha.retryTopic)).reduce((sum, p) => sum + Number(p.high), 0);
}

const positionOf = (letter: DeadLetter) => `${letter.partition}@${letter.offset}`;

describe('npm run dlt', () => {
  let original: DeadLetter;

  it('lists every group of the deployment when no group is given', async () => {
    const run = await dlt('list');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`alpha.main: 2 dead letter(s) on ${alpha.deadLetterTopic}`);
    expect(run.stdout).toContain(`beta.audit: 2 dead letter(s) on ${beta.deadLetterTopic}`);
    expect(run.stdout).toContain('4 dead letter(s) in 2 group(s)');
    expect(run.stdout.match(/ORDER_BROKEN \(1 attempt\): the order cannot be handled/g)).toHaveLength(4);

    const letters = await listed();
    expect(letters.map((l) => `${l.group} ${l.id}`).sort()).toEqual([`alpha.main ${o1}`, `alpha.main ${o2}`, `beta.audit ${o1}`, `beta.audit ${o2}`].sort());
    expect(letters.every((l) => l.replays.length === 0)).toBe(true);
  });

  it('records a replay, and the dead letter of a replayed copy that failed again names where it came from', async () => {
    const run = await dlt('replay', 'alpha', '--id', o1, '--by', 'ops-alice');
    expect(run).toMatchObject({ status: 0, stdout: expect.stringContaining(`replayed 1 dead letter(s) through ${alpha.retryTopic}`) });
    const [again] = await probe.waitFor((m) => m.topic === alpha.deadLetterTopic && m.headers.ce_id === o1 && Boolean(m.headers[FAILURE_HEADERS.replayedFrom]));

    const letters = await listed('alpha');
    original = letters.find((l) => l.id === o1 && !l.replayOf)!;
    expect(original.replays).toEqual([expect.objectContaining({ deadLetter: positionOf(original), id: o1, by: 'ops-alice', forced: false, retryTopic: alpha.retryTopic })]);
    expect(again.headers).toMatchObject({
      [FAILURE_HEADERS.replayedFrom]: `${alpha.deadLetterTopic}/${positionOf(original)}`,
      [FAILURE_HEADERS.replayedBy]: 'ops-alice',
      [FAILURE_HEADERS.replayedAt]: original.replays[0].at,
      [FAILURE_HEADERS.errorCode]: 'ORDER_BROKEN',
    });
    expect(letters.find((l) => l.id === o2)?.replays).toEqual([]);

    const text = await dlt('list', 'alpha');
    expect(text.stdout).toContain(`    replayed at ${original.replays[0].at} by ops-alice`);
    expect(text.stdout).toContain(`(failed again after a replay of ${alpha.deadLetterTopic}/${positionOf(original)})`);
  });

  it('refuses to replay the same dead letter again without --force, and says when and by whom it was', async () => {
    const sent = await alphaReplaysSent();
    const refused = await dlt('replay', 'alpha', '--at', positionOf(original), '--by', 'ops-bob');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${positionOf(original)} (${o1}) was replayed at ${original.replays[0].at} by ops-alice: not replayed again; add --force`);
    expect(refused.stdout).toContain('replayed 0 dead letter(s)');
    expect(await alphaReplaysSent()).toBe(sent);

    const forced = await dlt('replay', 'alpha', '--at', positionOf(original), '--force', '--by', 'ops-bob');
    expect(forced.status).toBe(0);
    expect(await alphaReplaysSent()).toBe(sent + 1);
    const replays = (await listed('alpha')).find((l) => positionOf(l) === positionOf(original))!.replays;
    expect(replays.map((r) => [r.by, r.forced])).toEqual([
      ['ops-alice', false],
      ['ops-bob', true],
    ]);
  });

  it('replays with --all only the dead letters not replayed yet, and --id the latest dead letter of a message', async () => {
    alphaFixed = true;
    // Both replays of o1 failed again (two copies), the original was replayed twice.
    await probe.waitFor((m) => m.topic === alpha.deadLetterTopic && m.headers.ce_id === o1 && Boolean(m.headers[FAILURE_HEADERS.replayedFrom]), { count: 2 });
    const byId = await dlt('replay', 'alpha', '--id', o1, '--by', 'ops-carol');
    expect(byId).toMatchObject({ status: 0, stdout: expect.stringContaining('replayed 1 dead letter(s)') });
    await until(() => alphaHandled.includes(o1), 20_000, 'the latest dead letter of o1 was not handled after its replay');
    const latest = (await listed('alpha')).filter((l) => l.id === o1 && l.replays.some((r) => r.by === 'ops-carol'));
    expect(latest).toHaveLength(1);
    expect(latest[0].replayOf).toBe(`${alpha.deadLetterTopic}/${positionOf(original)}`);

    const all = await dlt('replay', 'alpha', '--all', '--by', 'ops-carol');
    expect(all.status).toBe(0);
    // o2 and the first failed copy of o1; the original and the copy just replayed are left alone.
    expect(all.stdout).toContain('replayed 2 dead letter(s)');
    expect(all.stderr).toContain('2 dead letter(s) replayed before are left alone (--force replays them again)');
    await until(() => alphaHandled.includes(o2), 20_000, 'o2 was not handled after --all');
  });

  it('answers a usage error for replay without a group', async () => {
    const run = await dlt('replay', '--all');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('replay needs a group');
  });
});
