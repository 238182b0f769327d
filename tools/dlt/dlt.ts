/**
 * Dead letters of a consumer group: list them, replay them after a fix.
 *
 *   npm run dlt -- list <service>[.<purpose>] [--json]
 *   npm run dlt -- replay <service>[.<purpose>] (--all | --id <ce_id> … | --at <partition>@<offset> …)
 *
 * KAFKA_BROKERS (default 127.0.0.1:9092) and KAFKA_TOPIC_PREFIX select the cluster and deployment.
 */
import { parseArgs } from 'node:util';
import { KafkaClient, TopicNames, listDeadLetters, replayDeadLetters, type DeadLetter } from '@aftercare/messaging';

const USAGE = 'usage: npm run dlt -- list <service>[.<purpose>] [--json] | replay <service>[.<purpose>] (--all | --id <ce_id>... | --at <partition>@<offset>...)';

function fail(message: string): never {
  process.stderr.write(`dlt: ${message}\n`);
  process.exit(2);
}

function describe(letter: DeadLetter): string {
  return [
    `${letter.partition}@${letter.offset}`,
    letter.failedAt,
    `${letter.originalTopic}/${letter.originalPartition}@${letter.originalOffset}`,
    letter.type ?? '-',
    letter.id ?? '-',
    `${letter.errorCode} (${letter.attempts} attempt${letter.attempts === 1 ? '' : 's'}): ${letter.errorMessage}`,
  ].join('  ');
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, all: { type: 'boolean' }, id: { type: 'string', multiple: true }, at: { type: 'string', multiple: true } },
  });
  const [action, group] = positionals;
  if (!action || !group || !['list', 'replay'].includes(action)) fail(USAGE);
  const [service, purpose = 'main'] = group.split(/\.(.*)/s);
  const names = new TopicNames(process.env.KAFKA_TOPIC_PREFIX ?? '', service, purpose);
  const client = new KafkaClient('aftercare-dlt-tool', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','));
  try {
    if (action === 'list') {
      const letters = await listDeadLetters(client, names);
      if (values.json) process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
      else {
        process.stdout.write(`${letters.length} dead letter(s) on ${names.deadLetterTopic}\n`);
        for (const letter of letters) process.stdout.write(`${describe(letter)}\n`);
      }
      return;
    }
    const ids = new Set(values.id ?? []);
    const positions = new Set(values.at ?? []);
    if (!values.all && !ids.size && !positions.size) fail('replay needs --all, --id or --at');
    const replayed = await replayDeadLetters(
      client,
      names,
      (l) => Boolean(values.all) || ids.has(l.id ?? '') || positions.has(`${l.partition}@${l.offset}`),
    );
    process.stdout.write(`replayed ${replayed.length} dead letter(s) through ${names.retryTopic}\n`);
    for (const letter of replayed) process.stdout.write(`${describe(letter)}\n`);
  } finally {
    await client.close();
  }
}

main().catch((error) => fail((error as Error).message));
