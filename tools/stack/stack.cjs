#!/usr/bin/env node
'use strict';
/**
 * Aftercare local stack: a real single-node Apache Kafka (KRaft, broker + controller; 4.3.1 by
 * default, any 3.9.x or 4.x with KAFKA_VERSION) and mongo-java-server 1.47.0 (MongoDB wire
 * protocol), provisioned from Maven Central with `mvn` and run with the machine's Java 17+. No
 * Docker. Everything lives under `<root>/.stack/` (git-ignored):
 *
 *   .stack/kafka/libs-<version>/   jars (copy-dependencies of deploy/local/kafka/pom.xml for 3.x,
 *                                  pom-4.xml for 4.x) + libs-<version>.stamp
 *   .stack/kafka/server.properties rendered from deploy/local/kafka/server.properties.template
 *   .stack/kafka/cluster-id        KRaft cluster id, generated once with `StorageTool random-uuid`
 *   .stack/kafka/data/, data-4/    log.dirs of the 3.x and the 4.x line (a 4.x log cannot go back to 3.x)
 *   .stack/kafka/data-test/, data-4-test/
 *                                  log.dirs of the `test` mode: emptied each time this script starts
 *                                  the broker for tests, whose topics (a random prefix per test file)
 *                                  are never read again; kept, they slowed every start and stalled it
 *                                  past the ready timeout after a few `npm test` runs
 *   .stack/mongo/libs/             jars (copy-dependencies of deploy/local/mongo/pom.xml) + libs.stamp
 *   .stack/mongo/data.mv           H2 file of the `dev` mode (the `test` mode is in memory)
 *   .stack/logs/{kafka,mongo}.log  stdout/stderr of the two JVMs
 *   .stack/run/{kafka,mongo}.pid   pid files (JSON) of the processes this script started
 *
 * API (CommonJS):
 *   up({ mode = 'dev' | 'test', root, log, timeoutMs })
 *       -> { kafkaBrokers, mongoUrl, started, kafka: {...}, mongo: {...} }
 *   down({ root, log })   -> { kafka: 'stopped' | 'not running', mongo: ... }
 *   status({ root })      -> { kafka: 'up' | 'down', mongo: 'up' | 'down', kafkaBrokers, mongoUrl, details }
 *
 * CLI: node tools/stack/stack.cjs up [--mode dev|test] | down | status [--json]
 *
 * Env: KAFKA_BROKERS / MONGO_URL (use existing infrastructure, start nothing for that component),
 *      KAFKA_VERSION (DEFAULT_KAFKA_VERSION; 3.9.x or 4.x),
 *      KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), MONGO_PORT (27017),
 *      STACK_READY_TIMEOUT (seconds, default 90), JAVA_HOME (its bin/java is preferred to PATH).
 *
 * Only Node builtins at load time; `kafkajs` and `mongodb` are required lazily for readiness checks.
 */

const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const crypto = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');

const DEFAULT_ROOT = path.resolve(__dirname, '../..');
const JAVA_MIN_MAJOR = 17;
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies';
const HOST = '127.0.0.1';
const STOP_GRACE_MS = 20_000;
// The messaging and component suites pass on it (docs/local-stack.md); 3.9.1 stays selectable.
const DEFAULT_KAFKA_VERSION = '4.3.1';

class StackError extends Error {
  constructor(message) {
    super(message);
    this.name = 'StackError';
  }
}

// ---------------------------------------------------------------------------------------------
// configuration and paths

function envPort(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new StackError(`${name}=${raw} is not a valid TCP port`);
  }
  return n;
}

/** Which broker line KAFKA_VERSION names: its pom, logging setup and data directory differ. */
function kafkaLine(root, stack) {
  const version = process.env.KAFKA_VERSION || DEFAULT_KAFKA_VERSION;
  const match = /^(3|4)\.(\d+)\.(\d+)$/.exec(version);
  if (!match || (match[1] === '3' && match[2] !== '9')) {
    throw new StackError(`KAFKA_VERSION=${version} is not supported: use 3.9.x or a 4.x release (e.g. ${DEFAULT_KAFKA_VERSION})`);
  }
  const four = match[1] === '4';
  const kafkaDir = path.join(stack, 'kafka');
  return {
    version,
    pom: path.join(root, four ? 'deploy/local/kafka/pom-4.xml' : 'deploy/local/kafka/pom.xml'),
    loggingArg: four
      ? `-Dlog4j2.configurationFile=${path.join(root, 'deploy/local/kafka/log4j2.properties')}`
      : `-Dlog4j.configuration=file:${path.join(root, 'deploy/local/kafka/log4j.properties')}`,
    libs: path.join(kafkaDir, `libs-${version}`),
    stamp: path.join(kafkaDir, `libs-${version}.stamp`),
    data: path.join(kafkaDir, four ? 'data-4' : 'data'),
    testData: path.join(kafkaDir, four ? 'data-4-test' : 'data-test'),
  };
}

function config(root) {
  const stack = path.join(root, '.stack');
  const line = kafkaLine(root, stack);
  const kafkaPort = envPort('KAFKA_PORT', 9092);
  const controllerPort = envPort('KAFKA_CONTROLLER_PORT', 9093);
  const mongoPort = envPort('MONGO_PORT', 27017);
  if (kafkaPort === controllerPort) {
    throw new StackError(`KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both ${kafkaPort})`);
  }
  const timeoutSec = Number(process.env.STACK_READY_TIMEOUT || 90);
  return {
    root,
    stack,
    rel: (p) => path.relative(root, p) || '.',
    logsDir: path.join(stack, 'logs'),
    runDir: path.join(stack, 'run'),
    lockFile: path.join(stack, 'run', 'stack.lock'),
    readyTimeoutMs: Number.isFinite(timeoutSec) && timeoutSec > 0 ? timeoutSec * 1000 : 90_000,
    kafka: {
      name: 'kafka',
      port: kafkaPort,
      controllerPort,
      brokers: `${HOST}:${kafkaPort}`,
      version: line.version,
      pom: line.pom,
      mavenArgs: [`-Dkafka.version=${line.version}`],
      template: path.join(root, 'deploy/local/kafka/server.properties.template'),
      loggingArg: line.loggingArg,
      dir: path.join(stack, 'kafka'),
      libs: line.libs,
      stamp: line.stamp,
      props: path.join(stack, 'kafka', 'server.properties'),
      clusterIdFile: path.join(stack, 'kafka', 'cluster-id'),
      data: line.data,
      testData: line.testData,
      log: path.join(stack, 'logs', 'kafka.log'),
      pidFile: path.join(stack, 'run', 'kafka.pid'),
      marker: 'kafka.Kafka',
    },
    mongo: {
      name: 'mongo',
      port: mongoPort,
      url: `mongodb://${HOST}:${mongoPort}`,
      pom: path.join(root, 'deploy/local/mongo/pom.xml'),
      launcher: path.join(root, 'deploy/local/mongo/MongoLauncher.java'),
      dir: path.join(stack, 'mongo'),
      libs: path.join(stack, 'mongo', 'libs'),
      stamp: path.join(stack, 'mongo', 'libs.stamp'),
      h2File: path.join(stack, 'mongo', 'data.mv'),
      log: path.join(stack, 'logs', 'mongo.log'),
      pidFile: path.join(stack, 'run', 'mongo.pid'),
      marker: 'MongoLauncher',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// small helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function oneLine(text) {
  return String(text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function errMessage(err) {
  if (!err) return 'unknown error';
  const parts = [err.message || String(err)];
  // kafkajs / mongodb wrap the real cause
  let cause = err.cause || err.originalError;
  let depth = 0;
  while (cause && depth < 3) {
    if (cause.message && !parts.includes(cause.message)) parts.push(cause.message);
    cause = cause.cause || cause.originalError;
    depth += 1;
  }
  return oneLine(parts.join(': '));
}

const LOG_HEADER = '===== ';

/** Lines the current run wrote to a log (after the last header written by startDetached). */
function currentRunLines(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const all = text.split(/\r?\n/).filter((l) => l.length > 0);
  let start = 0;
  for (let i = all.length - 1; i >= 0; i -= 1) {
    if (all[i].startsWith(LOG_HEADER)) {
      start = i + 1;
      break;
    }
  }
  return all.slice(start);
}

/** The most telling line of a failed start: the last error-ish line of the current run. */
function lastErrorLine(lines) {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (/\b(error|ERROR|FATAL|Exception)\b/.test(lines[i]) && !/^\s+at /.test(lines[i])) return oneLine(lines[i]);
  }
  return null;
}

function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Command line of a process, or null when it cannot be read (process gone / no /proc and no ps). */
function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    // not Linux, or the process is gone
  }
  const r = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  return null;
}

/** Is `pid` alive and (as far as we can tell) the process we started for this component? */
function isOurProcess(pid, component) {
  if (!isAlive(pid)) return false;
  const cmd = commandLine(pid);
  if (cmd === null) return true; // cannot tell: trust the pid file
  return cmd.includes(component.marker);
}

function readPidFile(file) {
  let raw;
  try {
    raw = fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
  try {
    const info = JSON.parse(raw);
    if (typeof info === 'number') return { pid: info };
    if (info && Number.isInteger(info.pid)) return info;
  } catch {
    if (/^\d+$/.test(raw)) return { pid: Number(raw) };
  }
  return null;
}

function removeFile(file) {
  try {
    fs.unlinkSync(file);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}

function tcpOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function firstHostPort(list, defaultPort) {
  const first = String(list).split(',')[0].trim();
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^:/,?]+)(?::(\d+))?/i.exec(first);
  if (!m) return null;
  return { host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : defaultPort };
}

// ---------------------------------------------------------------------------------------------
// round trips

async function kafkaRoundTrip(brokers, timeoutMs = 5000) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: 'aftercare-stack',
    brokers: String(brokers)
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(3000, timeoutMs),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await withTimeout(
      (async () => {
        await admin.connect();
        await admin.listTopics();
      })(),
      timeoutMs,
      'kafka listTopics',
    );
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function mongoRoundTrip(url, timeoutMs = 5000) {
  const { MongoClient } = require('mongodb');
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: Math.min(3000, timeoutMs),
    socketTimeoutMS: timeoutMs,
  });
  try {
    await withTimeout(
      (async () => {
        await client.connect();
        const res = await client.db('admin').admin().command({ ping: 1 });
        if (!res || Number(res.ok) !== 1) throw new Error(`ping answered ${JSON.stringify(res)}`);
      })(),
      timeoutMs + 1000,
      'mongo ping',
    );
  } finally {
    await client.close().catch(() => {});
  }
}

async function probe(kind, target, timeoutMs) {
  try {
    if (kind === 'kafka') await kafkaRoundTrip(target, timeoutMs);
    else await mongoRoundTrip(target, timeoutMs);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: errMessage(err) };
  }
}

// ---------------------------------------------------------------------------------------------
// tools: java and mvn

let javaChecked = null;
function checkJava() {
  if (javaChecked) return javaChecked;
  const fromHome = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : null;
  const java = fromHome && fs.existsSync(fromHome) ? fromHome : 'java';
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (r.error) {
    if (r.error.code === 'ENOENT') {
      throw new StackError(
        `java not found on PATH: install a Java ${JAVA_MIN_MAJOR} JDK (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME`,
      );
    }
    throw new StackError(`cannot run ${java} -version: ${errMessage(r.error)}`);
  }
  const out = `${r.stderr || ''}${r.stdout || ''}`;
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(out);
  if (!m) throw new StackError(`cannot read the Java version from "${java} -version": ${oneLine(out).slice(0, 200)}`);
  const major = m[1] === '1' ? Number(m[2]) : Number(m[1]);
  if (major < JAVA_MIN_MAJOR) {
    throw new StackError(
      `Java ${major} found (${java}), Java ${JAVA_MIN_MAJOR} or newer is required: install a Java ${JAVA_MIN_MAJOR} JDK and put it first on PATH (or set JAVA_HOME)`,
    );
  }
  javaChecked = { java, major };
  return javaChecked;
}

let mvnChecked = null;
function checkMvn() {
  if (mvnChecked) return mvnChecked;
  const r = spawnSync('mvn', ['-v', '-B'], { encoding: 'utf8' });
  if (r.error) {
    if (r.error.code === 'ENOENT') {
      throw new StackError('mvn not found on PATH: install Apache Maven 3.8+ (e.g. apt-get install maven)');
    }
    throw new StackError(`cannot run mvn -v: ${errMessage(r.error)}`);
  }
  if (r.status !== 0) throw new StackError(`mvn -v failed: ${oneLine(r.stderr || r.stdout).slice(0, 300)}`);
  mvnChecked = { mvn: 'mvn', version: oneLine((r.stdout || '').split('\n')[0]) };
  return mvnChecked;
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ code: -1, out: `${out}${errMessage(err)}` }));
    child.on('close', (code, signal) => resolve({ code: code === null ? -1 : code, signal, out }));
  });
}

// ---------------------------------------------------------------------------------------------
// provisioning (cached by a hash stamp of the pom)

function pomHash(component) {
  const pom = fs.readFileSync(component.pom);
  const extra = (component.mavenArgs || []).join(' ');
  return crypto.createHash('sha256').update(DEPENDENCY_PLUGIN).update('\0').update(extra).update('\0').update(pom).digest('hex');
}

function libsAreCurrent(component, hash) {
  let stamp;
  try {
    stamp = fs.readFileSync(component.stamp, 'utf8').trim();
  } catch {
    return false;
  }
  if (stamp !== hash) return false;
  try {
    return fs.readdirSync(component.libs).some((f) => f.endsWith('.jar'));
  } catch {
    return false;
  }
}

// one mvn at a time: concurrent Maven runs can trip over the same local repository files
let provisionQueue = Promise.resolve();
function provision(cfg, component, log) {
  if (fs.existsSync(component.pom) && libsAreCurrent(component, pomHash(component))) {
    log(`${component.name}: jars cached in ${cfg.rel(component.libs)}`);
    return Promise.resolve();
  }
  const task = provisionQueue.then(() => provisionNow(cfg, component, log));
  provisionQueue = task.catch(() => {});
  return task;
}

async function provisionNow(cfg, component, log) {
  if (!fs.existsSync(component.pom)) throw new StackError(`missing ${cfg.rel(component.pom)}`);
  const hash = pomHash(component);
  if (libsAreCurrent(component, hash)) {
    log(`${component.name}: jars cached in ${cfg.rel(component.libs)}`);
    return;
  }
  checkMvn();
  const reason = fs.existsSync(component.stamp) ? 'pom changed' : 'not provisioned yet';
  log(`${component.name}: resolving jars from Maven Central (${reason}) -> ${cfg.rel(component.libs)}`);
  const tmp = `${component.libs}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(component.dir, { recursive: true });
  const t0 = Date.now();
  const r = await run('mvn', [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    component.pom,
    ...(component.mavenArgs || []),
    DEPENDENCY_PLUGIN,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${tmp}`,
  ]);
  if (r.code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const lines = oneLine(
      r.out
        .split('\n')
        .filter((l) => /ERROR|error:|Could not|Failed/i.test(l))
        .slice(0, 3)
        .join(' '),
    );
    throw new StackError(
      `mvn copy-dependencies for ${cfg.rel(component.pom)} failed (exit ${r.code}): ${lines || oneLine(r.out).slice(-300) || 'no output'}`,
    );
  }
  const jars = fs.readdirSync(tmp).filter((f) => f.endsWith('.jar'));
  if (jars.length === 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new StackError(`mvn copy-dependencies for ${cfg.rel(component.pom)} copied no jar`);
  }
  fs.rmSync(component.libs, { recursive: true, force: true });
  fs.renameSync(tmp, component.libs);
  fs.writeFileSync(component.stamp, `${hash}\n`);
  log(`${component.name}: ${jars.length} jars ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

// ---------------------------------------------------------------------------------------------
// process management

const LOG_ROTATE_BYTES = 20 * 1024 * 1024;

function openLog(component, header) {
  fs.mkdirSync(path.dirname(component.log), { recursive: true });
  try {
    // keep one previous generation when the log grows large
    if (fs.statSync(component.log).size > LOG_ROTATE_BYTES) fs.renameSync(component.log, `${component.log}.1`);
  } catch {
    // no log yet
  }
  const fd = fs.openSync(component.log, 'a');
  fs.writeSync(fd, `\n${LOG_HEADER}${new Date().toISOString()} stack.cjs: ${header} =====\n`);
  return fd;
}

function startDetached(cfg, component, cmd, args, extra) {
  fs.mkdirSync(cfg.runDir, { recursive: true });
  const fd = openLog(component, `${cmd} ${args.join(' ')}`);
  let child;
  try {
    child = spawn(cmd, args, { cwd: cfg.root, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  const state = { exited: false, code: null, signal: null, error: null };
  child.on('exit', (code, signal) => Object.assign(state, { exited: true, code, signal }));
  child.on('error', (err) => Object.assign(state, { exited: true, error: err }));
  child.unref();
  if (!child.pid) {
    throw new StackError(`cannot start ${component.name}: ${errMessage(state.error)}`);
  }
  const info = { pid: child.pid, startedAt: new Date().toISOString(), log: cfg.rel(component.log), ...extra };
  fs.writeFileSync(component.pidFile, `${JSON.stringify(info)}\n`);
  return { pid: child.pid, state };
}

async function stopProcess(component, log, cfg) {
  const info = readPidFile(component.pidFile);
  if (!info) return 'not running';
  const { pid } = info;
  if (!isOurProcess(pid, component)) {
    removeFile(component.pidFile);
    log(`${component.name}: not running (stale pid file ${pid} removed)`);
    return 'not running';
  }
  log(`${component.name}: stopping pid ${pid} (SIGTERM)`);
  const signal = (sig) => {
    try {
      process.kill(-pid, sig); // its own process group (spawned detached)
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    log(`${component.name}: still running after ${STOP_GRACE_MS / 1000} s, sending SIGKILL`);
    signal('SIGKILL');
    const killDeadline = Date.now() + 5000;
    while (isAlive(pid) && Date.now() < killDeadline) await sleep(100);
    if (isAlive(pid)) throw new StackError(`${component.name} (pid ${pid}) did not exit after SIGKILL`);
  }
  removeFile(component.pidFile);
  log(`${component.name}: stopped (see ${cfg.rel(component.log)})`);
  return 'stopped';
}

async function waitReady(cfg, component, kind, target, proc, log, opts = {}) {
  const timeoutMs = opts.timeoutMs || cfg.readyTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  const host = HOST;
  let lastError = 'port not open';
  let portSeen = false;
  while (Date.now() < deadline) {
    const died = proc && (proc.state ? proc.state.exited : false);
    if (died || (proc && !isAlive(proc.pid))) {
      const lines = currentRunLines(component.log);
      const tail = lines.slice(-20);
      if (tail.length) {
        log(`${component.name}: --- last lines of ${cfg.rel(component.log)} ---`);
        for (const line of tail) log(`  ${line}`);
      }
      const how = proc.state && proc.state.exited ? ` (exit ${proc.state.code ?? proc.state.signal})` : '';
      const cause = lastErrorLine(lines);
      removeFile(component.pidFile);
      throw new StackError(
        `${component.name} exited during start-up${how}${cause ? `: ${cause.slice(0, 300)}` : ''}; see ${cfg.rel(component.log)}`,
      );
    }
    if (!portSeen) {
      portSeen = await tcpOpen(host, component.port, 1000);
      if (portSeen) log(`${component.name}: port ${component.port} open, waiting for a round trip`);
    }
    if (portSeen) {
      const r = await probe(kind, target, 5000);
      if (r.ok) return;
      lastError = r.error;
    }
    await sleep(500);
  }
  throw new StackError(
    `${component.name} did not become ready on ${host}:${component.port} within ${Math.round(timeoutMs / 1000)} s (${lastError}); see ${cfg.rel(component.log)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// kafka

function renderKafkaProperties(cfg) {
  const k = cfg.kafka;
  if (!fs.existsSync(k.template)) throw new StackError(`missing ${cfg.rel(k.template)}`);
  const text = fs
    .readFileSync(k.template, 'utf8')
    .replace(/\{\{KAFKA_PORT\}\}/g, String(k.port))
    .replace(/\{\{KAFKA_CONTROLLER_PORT\}\}/g, String(k.controllerPort))
    .replace(/\{\{LOG_DIRS\}\}/g, k.data.replace(/\\/g, '/'));
  const left = /\{\{[A-Z_]+\}\}/.exec(text);
  if (left) throw new StackError(`${cfg.rel(k.template)}: unknown placeholder ${left[0]}`);
  fs.mkdirSync(k.dir, { recursive: true });
  fs.writeFileSync(k.props, text);
}

function kafkaJavaArgs(cfg, ...rest) {
  return [
    cfg.kafka.loggingArg,
    '-Djava.awt.headless=true',
    '-cp',
    `${cfg.kafka.libs}${path.sep}*`,
    ...rest,
  ];
}

async function kafkaClusterId(cfg, log) {
  const k = cfg.kafka;
  try {
    const id = fs.readFileSync(k.clusterIdFile, 'utf8').trim();
    if (id) return id;
  } catch {
    // generate below
  }
  // data formatted earlier but the id file is gone: keep the cluster id of the data
  try {
    const meta = fs.readFileSync(path.join(k.data, 'meta.properties'), 'utf8');
    const m = /^cluster\.id=(.+)$/m.exec(meta);
    if (m) {
      fs.writeFileSync(k.clusterIdFile, `${m[1].trim()}\n`);
      return m[1].trim();
    }
  } catch {
    // not formatted
  }
  const { java } = checkJava();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const r = await run(java, kafkaJavaArgs(cfg, 'kafka.tools.StorageTool', 'random-uuid'), { cwd: cfg.root });
    const id = r.out
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[A-Za-z0-9_-]{22}$/.test(l))
      .pop();
    if (r.code !== 0 || !id) {
      throw new StackError(`kafka StorageTool random-uuid failed (exit ${r.code}): ${oneLine(r.out).slice(-300)}`);
    }
    if (id.startsWith('-')) continue; // would be read as an option by the format command
    fs.writeFileSync(k.clusterIdFile, `${id}\n`);
    log(`kafka: generated cluster id ${id} (${cfg.rel(k.clusterIdFile)})`);
    return id;
  }
  throw new StackError('kafka StorageTool random-uuid kept returning ids starting with "-"');
}

async function startKafka(baseCfg, mode, log) {
  // The test mode's broker starts from empty data: the same ports, its own log.dirs.
  const cfg = { ...baseCfg, kafka: { ...baseCfg.kafka, data: mode === 'test' ? baseCfg.kafka.testData : baseCfg.kafka.data } };
  const k = cfg.kafka;
  const { java } = checkJava();
  if (await tcpOpen(HOST, k.controllerPort, 1000)) {
    throw new StackError(
      `kafka controller port ${HOST}:${k.controllerPort} is already in use by another process: free it or set KAFKA_CONTROLLER_PORT`,
    );
  }
  await provision(cfg, k, log);
  renderKafkaProperties(cfg);
  const clusterId = await kafkaClusterId(cfg, log);
  if (mode === 'test' && fs.existsSync(k.data)) {
    log(`kafka: test mode, emptying ${cfg.rel(k.data)} (the topics of earlier test runs)`);
    fs.rmSync(k.data, { recursive: true, force: true });
  }
  fs.mkdirSync(k.data, { recursive: true });
  if (isFormatted(k, clusterId)) {
    log(`kafka: ${cfg.rel(k.data)} already formatted (cluster ${clusterId})`);
  } else {
    await formatKafka(cfg, java, clusterId, log);
  }
  log(`kafka: starting Apache Kafka ${k.version} broker+controller on ${HOST}:${k.port} (controller ${k.controllerPort}), log ${cfg.rel(k.log)}`);
  const proc = startDetached(
    cfg,
    k,
    java,
    // Every test run creates its own topics (a prefix per test); with thousands of them a 512 MB
    // heap ran out answering an all-topics metadata request. KAFKA_HEAP overrides.
    ['-Xms256m', `-Xmx${process.env.KAFKA_HEAP ?? '1536m'}`, ...kafkaJavaArgs(cfg, 'kafka.Kafka', k.props)],
    { component: 'kafka', port: k.port, controllerPort: k.controllerPort, clusterId, mode },
  );
  return proc;
}

/** Formatted by an earlier run for this cluster id: skip the ~1 s StorageTool JVM. */
function isFormatted(k, clusterId) {
  try {
    const meta = fs.readFileSync(path.join(k.data, 'meta.properties'), 'utf8');
    const m = /^cluster\.id=(.+)$/m.exec(meta);
    return Boolean(m && m[1].trim() === clusterId && fs.existsSync(path.join(k.data, 'bootstrap.checkpoint')));
  } catch {
    return false;
  }
}

async function formatKafka(cfg, java, clusterId, log) {
  const k = cfg.kafka;
  log(`kafka: formatting ${cfg.rel(k.data)} (cluster ${clusterId}, --ignore-formatted)`);
  const fmt = await run(
    java,
    kafkaJavaArgs(cfg, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', k.props, '--ignore-formatted'),
    { cwd: cfg.root },
  );
  if (fmt.code !== 0) {
    throw new StackError(
      `kafka storage format failed (exit ${fmt.code}): ${oneLine(fmt.out).slice(-400)}; to start afresh remove ${cfg.rel(k.data)} and ${cfg.rel(k.clusterIdFile)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// mongo

async function startMongo(cfg, mode, log) {
  const m = cfg.mongo;
  const { java } = checkJava();
  if (!fs.existsSync(m.launcher)) throw new StackError(`missing ${cfg.rel(m.launcher)}`);
  await provision(cfg, m, log);
  const backendArgs = mode === 'dev' ? ['--h2', m.h2File] : ['--memory'];
  const backend = mode === 'dev' ? `H2 file ${cfg.rel(m.h2File)}` : 'in-memory';
  log(`mongo: starting mongo-java-server (${backend}) on ${HOST}:${m.port}, log ${cfg.rel(m.log)}`);
  fs.mkdirSync(m.dir, { recursive: true });
  return startDetached(
    cfg,
    m,
    java,
    // The in-memory store keeps every test database of a run (and a benchmark's 100 k cases) on the heap.
    [`-Xmx${process.env.MONGO_HEAP ?? '2g'}`, '-cp', `${m.libs}${path.sep}*`, m.launcher, '--host', HOST, '--port', String(m.port), ...backendArgs],
    { component: 'mongo', port: m.port, mode, backend },
  );
}

// ---------------------------------------------------------------------------------------------
// one component: external, reuse, or start

async function ensureComponent(cfg, kind, mode, log) {
  const component = cfg[kind];
  const envName = kind === 'kafka' ? 'KAFKA_BROKERS' : 'MONGO_URL';
  const external = process.env[envName];
  if (external) {
    log(`${kind}: ${envName} is set, using ${kind === 'mongo' ? redactUrl(external) : external} (starting nothing)`);
    const deadline = Date.now() + 10_000;
    let r;
    do {
      r = await probe(kind, external, 5000);
      if (r.ok) break;
      await sleep(500);
    } while (Date.now() < deadline);
    if (!r.ok) throw new StackError(`${envName}=${kind === 'mongo' ? redactUrl(external) : external} is not reachable: ${r.error}`);
    log(`${kind}: reachable`);
    return { target: external, started: false, external: true };
  }

  const target = kind === 'kafka' ? component.brokers : component.url;
  const pidInfo = readPidFile(component.pidFile);
  const ours = pidInfo && isOurProcess(pidInfo.pid, component) ? pidInfo : null;
  if (pidInfo && !ours) removeFile(component.pidFile);
  if (ours && ours.port && ours.port !== component.port) {
    const portEnv = kind === 'kafka' ? 'KAFKA_PORT' : 'MONGO_PORT';
    throw new StackError(
      `${kind} started by this script is already running on port ${ours.port} (pid ${ours.pid}), not ${component.port}: run "down" first or set ${portEnv}=${ours.port}`,
    );
  }

  if (await tcpOpen(HOST, component.port, 1000)) {
    const r = await probe(kind, target, 5000);
    if (r.ok) {
      const how = ours ? `pid ${ours.pid}${ours.mode ? `, mode ${ours.mode}` : ''}` : 'not started by this script';
      log(`${kind}: already running on ${HOST}:${component.port} (${how}), reusing`);
      if (ours && ours.mode && ours.mode !== mode) {
        log(`${kind}: note: running in '${ours.mode}' mode, not '${mode}'; run "down" first to switch`);
      }
      return { target, started: false, pid: ours ? ours.pid : undefined, reused: true };
    }
    if (!ours) {
      throw new StackError(
        `port ${HOST}:${component.port} is in use but does not answer as ${kind === 'kafka' ? 'Kafka' : 'MongoDB'} (${r.error}): stop that process or set ${kind === 'kafka' ? 'KAFKA_PORT' : 'MONGO_PORT'}`,
      );
    }
    log(`${kind}: pid ${ours.pid} is still starting, waiting`);
    await waitReady(cfg, component, kind, target, { pid: ours.pid }, log);
    return { target, started: false, pid: ours.pid, reused: true };
  }

  if (ours) {
    // our process is alive but the port is not open yet: still starting (or stuck)
    log(`${kind}: pid ${ours.pid} is still starting, waiting`);
    await waitReady(cfg, component, kind, target, { pid: ours.pid }, log);
    return { target, started: false, pid: ours.pid, reused: true };
  }

  const t0 = Date.now();
  const proc = kind === 'kafka' ? await startKafka(cfg, mode, log) : await startMongo(cfg, mode, log);
  await waitReady(cfg, component, kind, target, proc, log);
  log(`${kind}: ready on ${HOST}:${component.port} (pid ${proc.pid}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { target, started: true, pid: proc.pid };
}

function redactUrl(url) {
  return String(url).replace(/\/\/([^:@/]+):([^@/]*)@/, '//$1:***@');
}

// ---------------------------------------------------------------------------------------------
// locking: one up/down at a time per root (across processes and within one process)

const inProcessLocks = new Map();

async function withLock(cfg, log, fn) {
  const key = cfg.lockFile;
  const previous = inProcessLocks.get(key) || Promise.resolve();
  let release;
  const mine = new Promise((resolve) => (release = resolve));
  const chained = previous.then(() => mine);
  inProcessLocks.set(key, chained);
  await previous;
  try {
    await acquireFileLock(cfg, log);
    try {
      return await fn();
    } finally {
      removeFile(cfg.lockFile);
    }
  } finally {
    release();
    if (inProcessLocks.get(key) === chained) inProcessLocks.delete(key);
  }
}

async function acquireFileLock(cfg, log) {
  fs.mkdirSync(cfg.runDir, { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  let announced = false;
  for (;;) {
    try {
      const fd = fs.openSync(cfg.lockFile, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    try {
      holder = Number(fs.readFileSync(cfg.lockFile, 'utf8').trim());
    } catch {
      continue; // just released
    }
    if (!Number.isInteger(holder) || holder === process.pid || !isAlive(holder)) {
      removeFile(cfg.lockFile); // stale
      continue;
    }
    if (!announced) {
      log(`waiting for another stack.cjs (pid ${holder}) to finish`);
      announced = true;
    }
    if (Date.now() > deadline) {
      throw new StackError(`another stack.cjs (pid ${holder}) holds ${cfg.rel(cfg.lockFile)} for more than 5 minutes`);
    }
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------
// public API

/**
 * Bring the local stack up (or check the external infrastructure named by KAFKA_BROKERS / MONGO_URL).
 * @param {{ mode?: 'dev'|'test', root?: string, log?: (line: string) => void, timeoutMs?: number }} [options]
 * @returns {Promise<{ kafkaBrokers: string, mongoUrl: string, started: boolean, kafka: object, mongo: object }>}
 */
async function up({ mode = 'dev', root = DEFAULT_ROOT, log = console.error, timeoutMs } = {}) {
  if (mode !== 'dev' && mode !== 'test') throw new StackError(`unknown mode "${mode}": use dev or test`);
  const cfg = config(path.resolve(root));
  if (timeoutMs) cfg.readyTimeoutMs = timeoutMs;
  const t0 = Date.now();
  return withLock(cfg, log, async () => {
    // both in parallel, but wait for both to settle so nothing is left half-started behind the lock
    const [kafkaR, mongoR] = await Promise.allSettled([
      ensureComponent(cfg, 'kafka', mode, log),
      ensureComponent(cfg, 'mongo', mode, log),
    ]);
    const failed = [kafkaR, mongoR].filter((r) => r.status === 'rejected').map((r) => r.reason);
    if (failed.length === 1) throw failed[0];
    if (failed.length === 2) {
      if (failed[0].message === failed[1].message) throw failed[0];
      throw new StackError(`${failed[0].message}; and ${failed[1].message}`);
    }
    const kafka = kafkaR.value;
    const mongo = mongoR.value;
    const started = Boolean(kafka.started || mongo.started);
    log(`stack up (${mode}) in ${((Date.now() - t0) / 1000).toFixed(1)} s: kafka ${kafka.target}, mongo ${redactUrl(mongo.target)}`);
    return { kafkaBrokers: kafka.target, mongoUrl: mongo.target, started, kafka, mongo };
  });
}

/**
 * Stop what `up` started (pid files under .stack/run): SIGTERM, wait up to 20 s, then SIGKILL.
 * Idempotent. Never touches external infrastructure or processes it did not start.
 */
async function down({ root = DEFAULT_ROOT, log = console.error } = {}) {
  const cfg = config(path.resolve(root));
  if (!fs.existsSync(cfg.stack)) {
    log('nothing to stop (no .stack folder)');
    return { kafka: 'not running', mongo: 'not running' };
  }
  return withLock(cfg, log, async () => {
    const [kafkaR, mongoR] = await Promise.allSettled([
      stopProcess(cfg.kafka, log, cfg),
      stopProcess(cfg.mongo, log, cfg),
    ]);
    const failed = [kafkaR, mongoR].filter((r) => r.status === 'rejected').map((r) => r.reason);
    if (failed.length) throw failed[0];
    const kafka = kafkaR.value;
    const mongo = mongoR.value;
    if (kafka === 'not running' && mongo === 'not running') log('nothing to stop');
    return { kafka, mongo };
  });
}

/**
 * Report each component: 'up' when a real round trip succeeds (listTopics / ping), else 'down'.
 */
async function status({ root = DEFAULT_ROOT } = {}) {
  const cfg = config(path.resolve(root));
  const one = async (kind) => {
    const component = cfg[kind];
    const envName = kind === 'kafka' ? 'KAFKA_BROKERS' : 'MONGO_URL';
    const external = process.env[envName] || null;
    const target = external || (kind === 'kafka' ? component.brokers : component.url);
    const info = readPidFile(component.pidFile);
    const pidAlive = info ? isOurProcess(info.pid, component) : false;
    let port = component.port;
    let host = HOST;
    if (external) {
      const hp = firstHostPort(external, kind === 'kafka' ? 9092 : 27017);
      if (hp) ({ host, port } = hp);
    }
    const portOpen = await tcpOpen(host, port, 1000);
    const r = portOpen ? await probe(kind, target, 4000) : { ok: false, error: 'port not open' };
    const detail = {
      state: r.ok ? 'up' : 'down',
      target: kind === 'mongo' ? redactUrl(target) : target,
      host,
      port,
      portOpen,
      external: Boolean(external),
      pid: info && pidAlive ? info.pid : null,
      managed: Boolean(info && pidAlive),
      log: cfg.rel(component.log),
    };
    if (kind === 'kafka' && !external) detail.controllerPort = component.controllerPort;
    if (info && pidAlive && info.mode) detail.mode = info.mode;
    if (!r.ok) detail.error = r.error;
    if (info && !pidAlive) detail.stalePidFile = cfg.rel(component.pidFile);
    return detail;
  };
  const [kafka, mongo] = await Promise.all([one('kafka'), one('mongo')]);
  return {
    kafka: kafka.state,
    mongo: mongo.state,
    kafkaBrokers: process.env.KAFKA_BROKERS || cfg.kafka.brokers,
    mongoUrl: process.env.MONGO_URL || cfg.mongo.url,
    details: { kafka, mongo },
  };
}

module.exports = { up, down, status, StackError, DEFAULT_ROOT };

// ---------------------------------------------------------------------------------------------
// CLI

const USAGE = 'usage: node tools/stack/stack.cjs up [--mode dev|test] | down | status [--json]';

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const opts = { command, mode: 'dev', json: false };
  for (let i = 0; i < rest.length; i += 1) {
    const a = rest[i];
    if (a === '--mode') opts.mode = rest[++i];
    else if (a.startsWith('--mode=')) opts.mode = a.slice('--mode='.length);
    else if (a === '--json') opts.json = true;
    else throw new StackError(`unknown argument "${a}"; ${USAGE}`);
  }
  return opts;
}

function printStatus(s) {
  const row = (name, d) => {
    const parts = [name.padEnd(6), d.state.padEnd(5), `${d.host}:${d.port}`];
    if (d.controllerPort) parts.push(`controller ${d.controllerPort}`);
    if (d.pid) parts.push(`pid ${d.pid}`);
    if (d.mode) parts.push(`mode ${d.mode}`);
    if (d.external) parts.push('external');
    else if (d.state === 'up' && !d.pid) parts.push('not started by stack.cjs');
    if (!d.external) parts.push(`log ${d.log}`);
    if (d.error && d.portOpen) parts.push(`(${d.error})`);
    return parts.join('  ');
  };
  process.stdout.write(`${row('kafka', s.details.kafka)}\n${row('mongo', s.details.mongo)}\n`);
}

async function main(argv) {
  const opts = parseArgs(argv);
  const log = (line) => process.stderr.write(`stack: ${line}\n`);
  switch (opts.command) {
    case 'up': {
      const r = await up({ mode: opts.mode, log });
      if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else process.stdout.write(`KAFKA_BROKERS=${r.kafkaBrokers}\nMONGO_URL=${r.mongoUrl}\n`);
      return 0;
    }
    case 'down': {
      const r = await down({ log });
      if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      return 0;
    }
    case 'status': {
      const s = await status({});
      if (opts.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      else printStatus(s);
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      throw new StackError(opts.command ? `unknown command "${opts.command}"; ${USAGE}` : USAGE);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      const msg = err instanceof StackError ? err.message : `unexpected error: ${errMessage(err)}`;
      process.stderr.write(`stack: error: ${oneLine(msg)}\n`);
      process.exit(1);
    },
  );
}
