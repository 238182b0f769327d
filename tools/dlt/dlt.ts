/**
 * Dead letters of the consumer groups: list them, replay them after a fix.
 *
 *   npm run dlt -- list [<service>[.<purpose>]] [--json]        every group's when no group is given
 *   npm run dlt -- replay <service>[.<purpose>] (--all | --id <ce_id> … | --at <partition>@<offset> …) [--force] [--by <name>]
 *
 * `--id` replays the latest dead letter of that message (a replayed copy that fails again is a new
 * dead letter), `--at` exactly that one, `--all` every one not replayed before. Every replay is
 * recorded in the group's replay log (`<group>.dlt-replays`, the copy also carries it in headers);
 * `list` shows it as "replayed at … by …". A dead letter replayed before is not replayed again
 * without --force: named with --id/--at, that is a warning and exit status 1.
 * KAFKA_BROKERS (default 127.0.0.1:9092) and KAFKA_TOPIC_PREFIX select the cluster and deployment.
 */
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { KafkaClient, TopicNames, listAllDeadLetters, listDeadLetters, replayListed, type DeadLetter } from '@aftercare/messaging';

const USAGE = [
  'usage: npm run dlt -- list [<service>[.<purpose>]] [--json]',
  '       npm run dlt -- replay <service>[.<purpose>] (--all | --id <ce_id>... | --at <partition>@<offset>...) [--force] [--by <name>]',
].join('\n');

function fail(message: string): never {
  process.stderr.write(`dlt: ${message}\n`);
  process.exit(2);
}

function warn(message: string): void {
  process.stderr.write(`dlt: ${message}\n`);
}

function describe(letter: DeadLetter): string {
  const line = [
    `${letter.partition}@${letter.offset}`,
    letter.failedAt,
    `${letter.originalTopic}/${letter.originalPartition}@${letter.originalOffset}`,
    letter.type ?? '-',
    letter.id ?? '-',
    `${letter.errorCode} (${letter.attempts} attempt${letter.attempts === 1 ? '' : 's'}): ${letter.errorMessage}`,
    ...(letter.replayOf ? [`(failed again after a replay of ${letter.replayOf})`] : []),
  ].join('  ');
  const replays = letter.replays.map((r) => `    replayed at ${r.at} by ${r.by}${r.forced ? ' (forced)' : ''}`);
  return [line, ...replays].join('\n');
}

function printGroup(names: TopicNames, letters: DeadLetter[]): void {
  process.stdout.write(`${names.group}: ${letters.length} dead letter(s) on ${names.deadLetterTopic}\n`);
  for (const letter of letters) process.stdout.write(`${describe(letter)}\n`);
}

/** `<service>[.<purpose>]` of this deployment. */
function groupNames(group: string): TopicNames {
  const [service, purpose = 'main'] = group.split(/\.(.*)/s);
  return new TopicNames(process.env.KAFKA_TOPIC_PREFIX ?? '', service, purpose);
}

function operator(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `${process.env.USER ?? 'unknown'}@${os.hostname()}`;
  }
}

async function list(client: KafkaClient, group: string | undefined, json: boolean): Promise<void> {
  if (group) {
    const names = groupNames(group);
    const letters = await listDeadLetters(client, names);
    if (json) process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
    else printGroup(names, letters);
    return;
  }
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const { groups, letters } = await listAllDeadLetters(client, prefix);
  if (json) {
    process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
    return;
  }
  if (!groups.length) {
    process.stdout.write(`no dead-letter topics${prefix ? ` with prefix ${prefix}` : ''}\n`);
    return;
  }
  for (const names of groups) printGroup(names, letters.filter((l) => l.group === names.group));
  process.stdout.write(`${letters.length} dead letter(s) in ${groups.length} group(s)\n`);
}

interface ReplayChoice {
  all: boolean;
  ids: Set<string>;
  positions: Set<string>;
  force: boolean;
  by: string;
}

/**
 * The dead letters a replay command names: `--at` exactly those; `--id` the latest dead letter of
 * each id (a replayed message that failed again is dead-lettered anew; the older ones are its
 * history); `--all` every one. Unknown names are reported.
 */
function choose(letters: DeadLetter[], choice: ReplayChoice, names: TopicNames): { chosen: DeadLetter[]; unknown: string[] } {
  if (choice.all) return { chosen: letters, unknown: [] };
  const unknown: string[] = [];
  const chosen = new Set<DeadLetter>();
  for (const at of choice.positions) {
    const letter = letters.find((l) => `${l.partition}@${l.offset}` === at);
    if (letter) chosen.add(letter);
    else unknown.push(`no dead letter at ${at} on ${names.deadLetterTopic}`);
  }
  for (const id of choice.ids) {
    const latest = letters.filter((l) => l.id === id).sort((a, b) => a.failedAt.localeCompare(b.failedAt) || Number(a.offset) - Number(b.offset)).pop();
    if (latest) chosen.add(latest);
    else unknown.push(`no dead letter with id ${id} on ${names.deadLetterTopic}`);
  }
  return { chosen: letters.filter((l) => chosen.has(l)), unknown };
}

async function replay(client: KafkaClient, group: string, choice: ReplayChoice): Promise<void> {
  const names = groupNames(group);
  const { chosen, unknown } = choose(await listDeadLetters(client, names), choice, names);
  unknown.forEach(warn);
  const again = choice.force ? [] : chosen.filter((l) => l.replays.length);
  if (choice.all && again.length) {
    warn(`${again.length} dead letter(s) replayed before are left alone (--force replays them again)`);
  } else {
    for (const letter of again) {
      const last = letter.replays[letter.replays.length - 1];
      warn(`${letter.partition}@${letter.offset} (${letter.id ?? 'no id'}) was replayed at ${last.at} by ${last.by}: not replayed again; add --force to replay it anyway`);
    }
  }
  const replaying = chosen.filter((l) => !again.includes(l));
  await replayListed(client, names, replaying, { by: choice.by });
  process.stdout.write(`replayed ${replaying.length} dead letter(s) through ${names.retryTopic}\n`);
  for (const letter of replaying) process.stdout.write(`${describe(letter)}\n`);
  // Something the operator named was not replayed: a script must not take this for success.
  if (unknown.length || (!choice.all && again.length)) process.exitCode = 1;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      id: { type: 'string', multiple: true },
      at: { type: 'string', multiple: true },
      force: { type: 'boolean' },
      by: { type: 'string' },
    },
  });
  const [action, group] = positionals;
  if (action !== 'list' && action !== 'replay') fail(USAGE);
  if (action === 'replay' && !group) fail(`replay needs a group\n${USAGE}`);
  const choice: ReplayChoice = {
    all: Boolean(values.all),
    ids: new Set(values.id ?? []),
    positions: new Set(values.at ?? []),
    force: Boolean(values.force),
    by: values.by ?? operator(),
  };
  if (action === 'replay' && !choice.all && !choice.ids.size && !choice.positions.size) fail('replay needs --all, --id or --at');
  const client = new KafkaClient('aftercare-dlt-tool', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','));
  try {
    if (action === 'list') await list(client, group, Boolean(values.json));
    else await replay(client, group, choice);
  } finally {
    await client.close();
  }
}

main().catch((error) => fail((error as Error).message));
