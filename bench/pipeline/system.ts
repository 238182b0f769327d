import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { ensureDevKeys, mintDevToken, type Role } from '@aftercare/auth';
import { TOPICS } from '@aftercare/contracts';
import { REPO_ROOT, freePort, isolate, startServiceProcess, waitUntilReady, type ServiceProcess } from '@aftercare/testing';
import { log } from './stats';
import { scrapeStoreCommands } from './store-cost';
import type { PipelineOptions } from './options';

export const TENANT = 'acme';
const KEYS = path.join(os.tmpdir(), 'aftercare-bench-keys');

export type ServiceName = 'intake' | 'dispatch';

/** intake and dispatch as their own processes (like `npm start`), on topics and databases of this run only. */
export class PipelineSystem {
  readonly kafka: Kafka;
  readonly mongo: MongoClient;
  readonly topicPrefix: string;
  readonly databases: Record<ServiceName, string>;
  private readonly processes = new Map<ServiceName, ServiceProcess>();
  private readonly tokens = new Map<string, string>();

  private constructor(readonly options: PipelineOptions) {
    const { topicPrefix, dbName } = isolate('bench-pipeline');
    this.topicPrefix = topicPrefix;
    this.databases = { intake: `${dbName}_intake`, dispatch: `${dbName}_dispatch` };
    this.kafka = new Kafka({ clientId: 'bench-pipeline', brokers: options.kafkaBrokers, logLevel: logLevel.NOTHING });
    this.mongo = new MongoClient(options.mongoUrl);
  }

  static async start(options: PipelineOptions): Promise<PipelineSystem> {
    const system = new PipelineSystem(options);
    await system.mongo.connect();
    await system.createInboundTopics();
    const keys = await ensureDevKeys(KEYS);
    const common = {
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      MONGO_URL: options.mongoUrl,
      KAFKA_TOPIC_PREFIX: system.topicPrefix,
      AUTH_JWKS_URI: keys.jwksUri,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      // OTEL_* of the bench's environment reach the services: measure with a sampler, an exporter or none.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('OTEL_'))),
      // BENCH_CPU_PROFILE_DIR=/tmp/prof: both services profiled, a .cpuprofile each written at their exit
      ...(process.env.BENCH_CPU_PROFILE_DIR
        ? { NODE_OPTIONS: `--require ${path.join(__dirname, 'cpu-profile.cjs')}`, CPU_PROFILE_DIR: process.env.BENCH_CPU_PROFILE_DIR }
        : {}),
    };
    try {
      for (const name of ['intake', 'dispatch'] as const) {
        const main = path.join(REPO_ROOT, `services/${name}/src/main.ts`);
        system.processes.set(name, startServiceProcess(main, { ...common, MONGO_DB: system.databases[name] }, await freePort()));
      }
      await Promise.all([...system.processes.values()].map((service) => waitUntilReady(service, 180_000)));
    } catch (error) {
      await system.stop(); // no service process outlives a failed start
      throw error;
    }
    log(`intake ${system.service('intake').baseUrl} (pid ${system.pid('intake')}), dispatch ${system.service('dispatch').baseUrl} (pid ${system.pid('dispatch')}); topics ${system.topicPrefix}*`);
    return system;
  }

  service(name: ServiceName): ServiceProcess {
    const service = this.processes.get(name);
    if (!service) throw new Error(`${name} is not running`);
    return service;
  }

  pid(name: ServiceName): number {
    return this.service(name).child.pid ?? 0;
  }

  topic(name: string): string {
    return `${this.topicPrefix}${name}`;
  }

  db(name: ServiceName) {
    return this.mongo.db(this.databases[name]);
  }

  async token(roles: Role[], subject = 'bench'): Promise<string> {
    const key = `${subject}|${roles.join(',')}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = await mintDevToken({ subject, tenantId: TENANT, roles, dir: KEYS, ttl: '12h' });
      this.tokens.set(key, token);
    }
    return token;
  }

  async call(name: ServiceName, method: string, url: string, roles: Role[], body?: unknown, subject?: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.service(name).baseUrl}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${await this.token(roles, subject)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** `store_commands_total` of one service, keyed `collection/command`. */
  storeCommands(name: ServiceName): Promise<Map<string, number>> {
    return scrapeStoreCommands(this.service(name).baseUrl);
  }

  /** Technicians every benchmark case can be given to: all skills of a pump repair, every zone, always on shift. */
  async registerTechnicians(count: number, capacity: number): Promise<void> {
    const allWeek = { timeZone: 'Asia/Shanghai', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])), daysOff: [] };
    for (let i = 0; i < count; i++) {
      const id = `bench-tech-${String(i).padStart(3, '0')}`;
      const response = await this.call('dispatch', 'POST', '/technicians', ['dispatcher'], {
        id,
        name: `Bench technician ${i}`,
        skills: ['repair', 'maintenance', 'installation', 'hydraulics'],
        productLines: ['CP'],
        zones: ['city', 'suburb', 'remote'],
        baseLocation: { lat: 31.2 + (i % 10) / 100, lng: 121.4 + Math.floor(i / 10) / 100 },
        shiftCalendar: allWeek,
        capacity,
      });
      if (response.status !== 201) throw new Error(`registering technician ${id}: ${response.status} ${JSON.stringify(response.body)}`);
    }
  }

  private async createInboundTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const inbound = [TOPICS.crmServiceRequests, TOPICS.erpInstalledBase];
      await admin.createTopics({ waitForLeaders: true, topics: inbound.map((t) => ({ topic: this.topic(t.name), numPartitions: t.partitions })) });
    } finally {
      await admin.disconnect();
    }
  }

  /** Stops the services; drops this run's databases and topics unless asked to keep them. */
  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((service) => service.stop()));
    if (!this.options.keep) {
      for (const name of ['intake', 'dispatch'] as const) await this.db(name).dropDatabase().catch(() => undefined);
      await this.deleteTopics().catch((error: Error) => log(`could not delete the run's topics: ${error.message}`));
    }
    await this.mongo.close();
  }

  private async deleteTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(this.topicPrefix));
      if (mine.length) await admin.deleteTopics({ topics: mine });
    } finally {
      await admin.disconnect();
    }
  }
}
