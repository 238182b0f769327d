#!/usr/bin/env node
'use strict';
/**
 * The API fuzzer: Schemathesis (property-based, driven by each service's own OpenAPI document)
 * against all five services, started here against a running Kafka + MongoDB-wire stack.
 *
 *   node tools/fuzz/fuzz.cjs            KAFKA_BROKERS / MONGO_URL name the stack (default: the local one)
 *
 * Settings (environment): FUZZ_SERVICES=intake,dispatch (default all five), FUZZ_MAX_EXAMPLES (per
 * operation and phase, default 10), FUZZ_SEED (default 20261201), FUZZ_MAX_TIME (seconds per service;
 * none by default: the example bound is what bounds the run).
 *
 * It fails (exit 1) on any 5xx, any answer the document does not declare (status, content type,
 * headers, schema), and everything else Schemathesis's checks find (`--checks all`), including
 * `negative_data_rejection` (a schema-violating request accepted). FUZZ_EXCLUDE_CHECKS (a comma
 * list) leaves checks out, for a local investigation only; by default none is left out (issue 9,
 * item 8: `positive_data_acceptance`'s findings are fixed at their causes, docs/decisions/0020).
 *
 * What "refused" means is read from each operation's own document (`checksConfig`, and the reasons
 * in docs/decisions/0020-fuzzing-what-the-schema-cannot-say.md): a schema-valid request may still be
 * answered 412 where the operation documents If-Match (a stale version is server state) and 422
 * where it documents a rule (the meaning of valid data: an unknown reference, a cross-field rule, a
 * reused Idempotency-Key, a cursor this list did not issue). 400 stays a finding: it means the
 * request broke a shape the document should have described. A schema-violating request is refused
 * by any 4xx the platform documents for refusals, 412 and 413 included.
 *
 * Data only another service creates is seeded first (`SEEDERS`: dispatch's work orders, from routed
 * cases published on its inbound topic), and offered to Schemathesis as values of path parameters.
 *
 * Reports (JUnit, and an NDJSON event log to read a failure's full request and response) go to
 * `.tools/fuzz/reports/<service>/`, with the Schemathesis configuration written for the run.
 *
 * Schemathesis is installed from PyPI into `.tools/fuzz/venv` (git-ignored) at the version pinned in
 * requirements.txt, and reinstalled only when that file changes: nothing preinstalled is used but
 * `python3` (3.9 or later) itself.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { schemathesisLog } = require('../test-log/schemathesis-log.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
/** Checks not run (see the header): none unless FUZZ_EXCLUDE_CHECKS names some. */
const EXCLUDED_CHECKS = process.env.FUZZ_EXCLUDE_CHECKS ?? '';
const WORK = path.join(ROOT, '.tools', 'fuzz');
const VENV = path.join(WORK, 'venv');
const REQUIREMENTS = path.join(__dirname, 'requirements.txt');
const SERVICES = ['intake', 'dispatch', 'parts', 'claims', 'survey'];
/** Every role except `customer`, whose token sees only its own cases: the fuzzer reaches every route. */
const ROLES = ['agent', 'dispatcher', 'technician', 'parts_clerk', 'quality_engineer', 'manager', 'integration'];
const TENANT = 'acme';
const DEFAULTS = { maxExamples: 10, seed: 20261201 };

/** The venv with the pinned Schemathesis: created, or reused when its requirements are the current ones. */
function ensureSchemathesis(log) {
  const wanted = fs.readFileSync(REQUIREMENTS, 'utf8');
  const stamp = path.join(VENV, '.requirements.txt');
  const cli = path.join(VENV, 'bin', 'schemathesis');
  if (fs.existsSync(cli) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return cli;
  const python = process.env.FUZZ_PYTHON || 'python3';
  const version = spawnSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); sys.exit(sys.version_info < (3, 9))'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`the API fuzzer needs Python 3.9 or later as "${python}" (found ${version.stdout.trim() || 'none'}); install python3 with its venv module, or set FUZZ_PYTHON`);
  log(`installing Schemathesis into ${path.relative(ROOT, VENV)} (${wanted.trim()})…`);
  fs.rmSync(VENV, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const steps = [
    [python, ['-m', 'venv', VENV]],
    [path.join(VENV, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (exit ${result.status})`);
  }
  fs.writeFileSync(stamp, wanted);
  return cli;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const tsEnv = (extra) => ({ ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), ...extra });

/** A token with every role but `customer`, signed with development keys that only this run's services trust. */
function mintToken(keysDir) {
  const args = ['-r', '@swc-node/register', 'tools/token/token.ts', '--tenant', TENANT, '--sub', 'fuzzer', '--ttl', '2h', '--keys-dir', keysDir];
  for (const role of ROLES) args.push('--role', role);
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env: tsEnv(), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not mint the fuzzer's token: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** Starts one service on a free port with its own database and topic prefix; its output goes to a log file. */
async function startService(name, { kafkaBrokers, mongoUrl, runId, keysDir }) {
  const port = await freePort();
  const logFile = path.join(WORK, 'reports', name, 'service.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
    cwd: ROOT,
    env: tsEnv({
      KAFKA_BROKERS: kafkaBrokers,
      MONGO_URL: mongoUrl,
      MONGO_DB: `fuzz_${runId}_${name}`,
      KAFKA_TOPIC_PREFIX: `fuzz-${runId}.`,
      AUTH_JWKS_URI: `file://${path.join(keysDir, 'jwks.json')}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    }),
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  return { name, port, child, logFile, database: `fuzz_${runId}_${name}` };
}

/**
 * Waits until the service is ready. Its port was free when chosen, but it comes from the ephemeral
 * range, and in the seconds before the service listens another process's outgoing connection (the
 * services open dozens to the broker) may take it: the service then starts again on another port,
 * at most three times.
 */
async function waitReady(service, deadline, startWith) {
  for (let restarts = 0; ; ) {
    if (service.child.exitCode !== null) {
      if (restarts < 3 && fs.readFileSync(service.logFile, 'utf8').includes('EADDRINUSE')) {
        restarts += 1;
        const port = service.port;
        Object.assign(service, await startService(service.name, startWith));
        process.stdout.write(`aftercare: ${service.name}: port ${port} was taken before it listened; started again on ${service.port}\n`);
        continue;
      }
      throw new Error(`${service.name} exited during start-up (exit ${service.child.exitCode}); see ${path.relative(ROOT, service.logFile)}`);
    }
    try {
      // Bounded: whatever holds the port may accept and never answer.
      if ((await fetch(`http://127.0.0.1:${service.port}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${service.name} was not ready within 240 s; see ${path.relative(ROOT, service.logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function stopService(service) {
  return new Promise((resolve) => {
    if (service.child.exitCode !== null || service.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => service.child.kill('SIGKILL'), 15_000);
    service.child.once('exit', () => (clearTimeout(timer), resolve()));
    service.child.kill('SIGTERM');
  });
}

/**
 * Data an operation needs that only another service creates: dispatch's work orders come from
 * intake's routed cases on Kafka, never from its HTTP API, so without seeds every
 * `/work-orders/{id}` operation would meet only 404s. A seeder publishes what the other service
 * would (the contract's own example, made unique), waits until the service has it, and returns
 * the ids Schemathesis then draws path parameters from (a dictionary, most of the time: the rest
 * are still generated, so unknown ids stay covered).
 */
const SEEDERS = {
  dispatch: async (service, { kafkaBrokers, topicPrefix, runId, token }) => {
    const routed = JSON.parse(fs.readFileSync(path.join(ROOT, 'libs/contracts/examples/aftercare.intake.service-request.routed.v1.json'), 'utf8'));
    const now = Date.now();
    const messages = [0, 1, 2, 3].map((n) => {
      const caseId = `sr-fuzz-${runId}-${n}`;
      const data = { ...routed, caseId, tenantId: TENANT, externalRef: `FUZZ-${caseId}`, receivedAt: new Date(now - 60_000).toISOString(), routedAt: new Date(now).toISOString() };
      const id = `fuzz-seed-${caseId}`;
      const headers = {
        ce_specversion: '1.0',
        ce_id: id,
        ce_type: 'aftercare.intake.service-request.routed.v1',
        ce_source: '/aftercare/intake',
        ce_time: data.routedAt,
        ce_subject: caseId,
        ce_tenantid: TENANT,
        ce_caseid: caseId,
        ce_correlationid: id,
        'content-type': 'application/json',
      };
      return { key: caseId, value: JSON.stringify(data), headers };
    });
    await produce(kafkaBrokers, `${topicPrefix}intake.public.service-request.events.v1`, messages);
    const ids = await eventually(60_000, async () => {
      const response = await fetch(`http://127.0.0.1:${service.port}/api/v1/work-orders?limit=50`, { headers: { authorization: `Bearer ${token}` } });
      const page = response.ok ? await response.json() : { items: [] };
      return page.items.length >= messages.length ? page.items.map((order) => order.id) : null;
    });
    if (!ids) throw new Error('dispatch created no work orders from the seeded routed cases within 60 s; see its service.log');
    return { 'path.id': ids };
  },
};

/** Sends messages with a plain Kafka client (the repository's kafkajs, not our messaging library). */
async function produce(brokers, topic, messages) {
  const { Kafka, logLevel } = require('kafkajs');
  const producer = new Kafka({ clientId: 'aftercare-fuzz-seed', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

async function eventually(timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** How often a seeded parameter takes a seeded value rather than a generated one. */
const SEEDED_VALUE_PROBABILITY = 0.8;

/** Schemathesis's own defaults (4.32.5, config/_checks.py), extended below, never narrowed. */
const ACCEPTED_FOR_VALID_DATA = ['2xx', '3xx', '401', '403', '404', '409', '429', '5xx'];
const REFUSALS_OF_INVALID_DATA = ['400', '401', '403', '404', '405', '406', '409', '415', '422', '428', '429', '5xx'];
/** Answers to schema-valid data that depend on what the server holds, where an operation documents them. */
const STATE_OR_RULE_ANSWERS = ['412', '422'];
/** Refusals the platform documents besides Schemathesis's list: a failed precondition, a body over the limit. */
const MORE_REFUSALS = ['412', '413'];

const tomlList = (values) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

/**
 * The Schemathesis configuration for one service's document: refusals of invalid data as the
 * platform answers them, and per operation the 412 / 422 it documents as answers to valid data.
 */
function checksConfig(document, seeds = {}) {
  const lines = [
    '# Written by tools/fuzz/fuzz.cjs from the service\'s OpenAPI document; see its header.',
    '[checks.negative_data_rejection]',
    `expected-statuses = ${tomlList([...REFUSALS_OF_INVALID_DATA, ...MORE_REFUSALS])}`,
  ];
  const dictionaryOf = (parameter) => `seeded-${parameter.replace(/[^a-z0-9]+/gi, '-')}`;
  for (const [parameter, values] of Object.entries(seeds)) lines.push('', `[dictionaries.${dictionaryOf(parameter)}]`, `values = ${tomlList(values)}`);
  if (Object.keys(seeds).length) lines.push('', '[parameters]');
  for (const parameter of Object.keys(seeds)) {
    lines.push(`${JSON.stringify(parameter)} = { dictionary = ${JSON.stringify(dictionaryOf(parameter))}, probability = ${SEEDED_VALUE_PROBABILITY} }`);
  }
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const documented = STATE_OR_RULE_ANSWERS.filter((status) => operation.responses?.[status] !== undefined);
      if (documented.length === 0) continue;
      lines.push(
        '',
        '[[operations]]',
        // One criterion naming exactly one operation: Schemathesis takes the first entry that matches.
        `include-name = ${JSON.stringify(`${method.toUpperCase()} ${route}`)}`,
        `checks.positive_data_acceptance.expected-statuses = ${tomlList([...ACCEPTED_FOR_VALID_DATA, ...documented])}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The Schemathesis command line for one service (also printed, to rerun a failure by hand). */
function schemathesisArgs(service, { token, seed, maxExamples, maxTime, configFile }) {
  const reports = path.join(WORK, 'reports', service.name);
  return [
    '--config-file', configFile,
    'run',
    `http://127.0.0.1:${service.port}/api/docs/openapi.json`,
    '--url', `http://127.0.0.1:${service.port}`,
    '--checks', 'all',
    ...(EXCLUDED_CHECKS ? ['--exclude-checks', EXCLUDED_CHECKS] : []),
    '--phases', 'examples,coverage,fuzzing,stateful',
    '--seed', String(seed),
    '--max-examples', String(maxExamples),
    ...(maxTime ? ['--max-time', String(maxTime)] : []),
    '--workers', '1',
    '--request-timeout', '30',
    '--header', `Authorization: Bearer ${token}`,
    '--report', 'junit,ndjson',
    '--report-dir', reports,
    '--no-color',
  ];
}

async function documentOf(service) {
  return (await fetch(`http://127.0.0.1:${service.port}/api/docs/openapi.json`)).json();
}

const operationCount = (document) =>
  Object.values(document.paths ?? {}).reduce((count, item) => count + Object.keys(item).filter((key) => HTTP_METHODS.has(key)).length, 0);

function runSchemathesis(cli, args, name, log) {
  return new Promise((resolve) => {
    const child = spawn(cli, args, { cwd: WORK, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      const reportFile = path.join(WORK, 'reports', name, 'schemathesis.txt');
      fs.writeFileSync(reportFile, output);
      log(schemathesisLog(name, output, code ?? 1, path.relative(ROOT, reportFile)));
      resolve(code ?? 1);
    });
  });
}

async function dropDatabases(mongoUrl, services) {
  const { MongoClient } = require('mongodb');
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    for (const { database } of services) await client.db(database).dropDatabase().catch(() => undefined);
  } catch {
    // the store is someone else's to clean if we cannot reach it now
  } finally {
    await client.close().catch(() => undefined);
  }
}

/**
 * Runs the fuzzer against the stack at `kafkaBrokers` / `mongoUrl`; resolves to 0 when every
 * service passed every check.
 */
async function fuzz({ kafkaBrokers, mongoUrl, log = (line) => process.stderr.write(`${line}\n`) }) {
  const names = (process.env.FUZZ_SERVICES || SERVICES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((name) => !SERVICES.includes(name));
  if (unknown.length) throw new Error(`FUZZ_SERVICES: unknown service ${unknown.join(', ')} (one of ${SERVICES.join(', ')})`);
  const settings = {
    seed: Number(process.env.FUZZ_SEED || DEFAULTS.seed),
    maxExamples: Number(process.env.FUZZ_MAX_EXAMPLES || DEFAULTS.maxExamples),
    maxTime: process.env.FUZZ_MAX_TIME ? Number(process.env.FUZZ_MAX_TIME) : undefined,
  };
  const cli = ensureSchemathesis(log);
  fs.rmSync(path.join(WORK, 'reports'), { recursive: true, force: true });
  const keysDir = path.join(WORK, 'keys');
  const token = mintToken(keysDir);
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;

  const services = [];
  const failures = [];
  try {
    const startWith = { kafkaBrokers, mongoUrl, runId, keysDir };
    for (const name of names) services.push(await startService(name, startWith));
    const deadline = Date.now() + 240_000;
    for (const service of services) await waitReady(service, deadline, startWith);
    log(`fuzzing ${names.join(', ')} (seed ${settings.seed}, at most ${settings.maxExamples} examples per operation and phase)`);
    // Two at a time: the machine has two cores, and each run waits on its service most of the time.
    const queue = [...services];
    const worker = async () => {
      for (let service = queue.shift(); service; service = queue.shift()) {
        // A shell service documents no operation yet; Schemathesis would fail on an empty document.
        const document = await documentOf(service);
        if (operationCount(document) === 0) {
          log(`${service.name}: its OpenAPI document has no operations yet; nothing to fuzz`);
          continue;
        }
        const configFile = path.join(WORK, 'reports', service.name, 'schemathesis.toml');
        const seeder = SEEDERS[service.name];
        const seeds = seeder ? await seeder(service, { kafkaBrokers, topicPrefix: `fuzz-${runId}.`, runId, token }) : {};
        for (const [parameter, values] of Object.entries(seeds)) log(`${service.name}: seeded ${values.length} values of ${parameter}`);
        fs.writeFileSync(configFile, checksConfig(document, seeds));
        const args = schemathesisArgs(service, { token, configFile, ...settings });
        const started = Date.now();
        const code = await runSchemathesis(cli, args, service.name, log);
        log(`${service.name}: ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s (reports in ${path.relative(ROOT, path.join(WORK, 'reports', service.name))})`);
        if (code !== 0) failures.push(service.name);
      }
    };
    await Promise.all([worker(), worker()]);
  } finally {
    await Promise.all(services.map(stopService));
    await dropDatabases(mongoUrl, services);
  }
  if (failures.length) log(`the API fuzzer found problems in: ${failures.join(', ')}`);
  return failures.length ? 1 : 0;
}

module.exports = { fuzz, ensureSchemathesis, checksConfig };

if (require.main === module) {
  fuzz({ kafkaBrokers: process.env.KAFKA_BROKERS || '127.0.0.1:9092', mongoUrl: process.env.MONGO_URL || 'mongodb://127.0.0.1:27017' }).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`fuzz: ${error.message}\n`);
      process.exit(1);
    },
  );
}
