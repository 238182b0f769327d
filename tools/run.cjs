#!/usr/bin/env node
'use strict';
/**
 * The project's entry points, with nothing but Node itself required up front, so that they work
 * on a fresh clone:
 *
 *   node tools/run.cjs start          install if needed, bring up the stack and all five services (supervised)
 *   node tools/run.cjs test [jest…]   install if needed; lint, typecheck, unit tests; stack up; API fuzzer; component and e2e tests
 *   node tools/run.cjs stack up|down|status [--mode dev|test]
 *   node tools/run.cjs ts <file.ts> [args…]   run a TypeScript tool (swc, tsconfig paths)
 *   node tools/run.cjs bench <file.ts> [args…] install if needed, bring up the stack, run a benchmark
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const say = (message) => process.stderr.write(`aftercare: ${message}\n`);

function fail(message) {
  say(message);
  process.exit(1);
}

/**
 * Installs when node_modules is missing or older than the lockfile. `npm install` rather than
 * `npm ci`: this npm writes lockfiles without the other platforms' optional binaries (swc, nx),
 * which `npm ci` then refuses as out of sync; `npm install` still follows the locked versions.
 */
function ensureInstalled() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  require('./browser/ensure-chromium.cjs').ensureChromium({ say, fail });
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  say('installing dependencies (npm install from the lockfile)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) fail('npm install failed');
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  return result.status ?? 1;
}

const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

function tsEnv(extra = {}) {
  return { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...extra };
}

/** Plain text under CI: a log read by people and tools shows `Tests: 5 passed`, not escape codes. */
if (process.env.CI) process.env.FORCE_COLOR = '0';

async function stackUp(mode) {
  const stack = require('./stack/stack.cjs');
  try {
    return await stack.up({ mode, root: ROOT, log: (line) => say(line) });
  } catch (error) {
    fail(error.message.split('\n')[0]);
  }
}

async function stackDown() {
  await require('./stack/stack.cjs').down({ root: ROOT, log: (line) => say(line) });
}

/**
 * `npm test`: everything a fresh clone must pass, through the same Nx targets as the inner loop, so
 * a second run takes the lint, typecheck and unit results of unchanged projects from .nx/cache:
 *   1. lint (with the Nx module boundaries), typecheck and unit specs of every project: no stack
 *   2. lint and typecheck of tools/ and bench/, which belong to no project; the deployment: every
 *      Kustomize overlay rendered and validated against the Kubernetes and Strimzi schemas, every
 *      Dockerfile linted (deploy/validate.mjs, installing kustomize and hadolint on first use)
 *   3. the stack (started, or reused when running), then the API fuzzer (tools/fuzz): Schemathesis
 *      against every service's OpenAPI document, the services started by the step itself; any 5xx
 *      or answer off the document fails the run
 *   4. every project's component tests and the end-to-end suite, one project at a time (they share
 *      the two JVMs and the cores), two test files side by side within a project: most of a file's
 *      time is waiting for Kafka and the store, not CPU
 * Extra arguments replace steps 3 and 4 with one Jest run over the root config, with the stack
 * (e.g. `npm test -- services/dispatch/test/workflow.test.ts`).
 */
/**
 * The closing lines of `npm test`: the counts of every Jest run of this invocation (unit runs
 * replayed from Nx's cache included), read from `.test-results/`, in Jest's own summary format so
 * that whoever reads the log (a person, CI) finds the whole run's result where a Jest run ends.
 */
function printSummary(startedAt) {
  const { RESULTS_DIR } = require('./jest/results-file-reporter.cjs');
  const { jestSummary } = require('./test-log/jest-summary.cjs');
  if (!fs.existsSync(RESULTS_DIR)) return;
  const runs = fs
    .readdirSync(RESULTS_DIR)
    .filter((file) => file.endsWith('.json') && fs.statSync(path.join(RESULTS_DIR, file)).mtimeMs >= startedAt)
    .map((file) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, file), 'utf8')));
  const failed = runs.filter((run) => !run.success).map((run) => run.name);
  process.stdout.write(
    [
      '',
      `npm test: ${runs.length} Jest runs (unit, component, end-to-end)${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
      ...jestSummary(runs, (Date.now() - startedAt) / 1000),
      '',
    ].join('\n'),
  );
}

async function test(jestArgs) {
  const startedAt = Date.now() - 1000;
  ensureInstalled();
  const nx = (args, env) => run(bin('nx'), [...args, '--outputStyle=static'], env);
  let status = 0;
  const step = async (title, work) => {
    if (status !== 0) return;
    say(`${title}…`);
    const t0 = Date.now();
    status = await work();
    say(`${title}: ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  };
  await step('lint, typecheck and unit tests of every project (Nx)', () => nx(['run-many', '-t', 'lint', 'typecheck', 'test'], tsEnv()));
  await step('lint and typecheck of tools/ and bench/', () => run(bin('eslint'), ['tools', 'bench'], tsEnv()) || run(bin('tsc'), ['-p', 'tsconfig.tools.json', '--noEmit'], tsEnv()));
  await step('deployment: every Kustomize overlay rendered and validated, every Dockerfile linted (deploy/validate.mjs)', () =>
    run(process.execPath, [path.join(ROOT, 'deploy', 'validate.mjs')]),
  );
  if (status !== 0) {
    printSummary(startedAt);
    process.exit(status);
  }

  const stack = await stackUp('test');
  const env = tsEnv({ KAFKA_BROKERS: stack.kafkaBrokers, MONGO_URL: stack.mongoUrl });
  try {
    if (jestArgs.length > 0) await step(`jest ${jestArgs.join(' ')} (against the real stack)`, () => run(bin('jest'), ['--ci', ...jestArgs], env));
    else {
      // The fuzzer goes before the test suites so that a run's output ends with the test runner's
      // own summary (what CI reads), not with Schemathesis's.
      await step('API fuzzer (Schemathesis) against every service', () =>
        require('./fuzz/fuzz.cjs')
          .fuzz({ kafkaBrokers: stack.kafkaBrokers, mongoUrl: stack.mongoUrl, log: say })
          .catch((error) => (say(error.message), 1)),
      );
      await step('component tests and the end-to-end suite against the real stack (Nx)', () => nx(['run-many', '-t', 'component-test'], env));
    }
  } finally {
    // A stack this run started is stopped again; one that was already running is left alone.
    if (stack.started && !process.env.KEEP_STACK) await stackDown();
  }
  printSummary(startedAt);
  process.exit(status);
}

/**
 * A benchmark against the real stack (`npm run bench:pipeline`): the stack is ensured — the store
 * in memory with an 8 GiB heap (100 k cases fit; the H2 file of `start` broke under a 100 k fill,
 * "MVStoreException: Chunk not found"; BENCH_STACK_MODE=dev for it) — unless one is already
 * running or KAFKA_BROKERS / MONGO_URL name other infrastructure. A stack this run started is
 * stopped again afterwards.
 */
async function bench(file, args) {
  if (!file) fail('usage: node tools/run.cjs bench <file.ts> [args…]');
  ensureInstalled();
  process.env.MONGO_HEAP ??= '8g';
  const stack = await stackUp(process.env.BENCH_STACK_MODE || 'test');
  let status = 1;
  try {
    status = run(process.execPath, ['-r', '@swc-node/register', file, ...args], tsEnv({ KAFKA_BROKERS: stack.kafkaBrokers, MONGO_URL: stack.mongoUrl }));
  } finally {
    if (stack.started && !process.env.KEEP_STACK) {
      say('stopping the stack this benchmark started…');
      await stackDown();
    }
  }
  process.exit(status);
}

/**
 * `npm start`: once installed, tools/start/start.ts brings up the stack and runs the five services
 * under a supervisor that restarts one that dies (tools/start/supervisor.ts). Ctrl-C reaches both
 * processes: the supervisor stops everything, this one only waits for it and exits with its code.
 */
function start() {
  ensureInstalled();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('tools', 'start', 'start.ts')], { cwd: ROOT, env: tsEnv(), stdio: 'inherit' });
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'test':
      return test(args);
    case 'start':
      return start();
    case 'bench':
      return bench(args[0], args.slice(1));
    case 'stack': {
      const [action = 'status', ...rest] = args;
      if (action === 'up') {
        ensureInstalled();
        const mode = rest.includes('--mode') ? rest[rest.indexOf('--mode') + 1] : 'dev';
        const stack = await stackUp(mode);
        say(`stack ready: kafka ${stack.kafkaBrokers}, mongodb ${stack.mongoUrl}`);
        return;
      }
      process.exit(run(process.execPath, [path.join(__dirname, 'stack', 'stack.cjs'), action, ...rest]));
      return;
    }
    case 'ts': {
      ensureInstalled();
      const [file, ...rest] = args;
      if (!file) fail('usage: node tools/run.cjs ts <file.ts> [args…]');
      process.exit(run(process.execPath, ['-r', '@swc-node/register', file, ...rest], tsEnv()));
      return;
    }
    default:
      fail(`unknown command "${command ?? ''}": use start, test, stack, ts or bench`);
  }
}

main().catch((error) => fail(error.stack ?? String(error)));
