import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevKeys, mintDevToken, type Role } from '@aftercare/auth';
import {
  REPO_ROOT,
  TopicProbe,
  freePort,
  isolate,
  startServiceProcess,
  testEnvironment,
  waitUntilReady,
  type ServiceProcess,
} from '@aftercare/testing';

/** The development keys every e2e test signs its tokens with (the services trust their JWKS). */
const KEYS = path.join(os.tmpdir(), 'aftercare-test-keys');

/** The demo tenant, seeded in every service's registry. */
export const TENANT = 'acme';

/** Who calls: the token's subject (default `e2e`) and tenant (default the demo tenant). */
export interface Caller {
  subject?: string;
  tenantId?: string;
}

/**
 * The system tier's set-up: intake and dispatch as separate processes, as `npm start` runs them,
 * sharing only the broker, each with its own database and the test's own topic prefix; a probe
 * watching the topics the test reads. Construct it in the `describe` (the prefix names topics),
 * `start` it in `beforeAll`, `stop` it in `afterAll`.
 */
export class IntakeAndDispatch {
  readonly env = testEnvironment();
  readonly topicPrefix: string;
  private readonly dbName: string;
  intake!: ServiceProcess;
  dispatch!: ServiceProcess;
  probe!: TopicProbe;

  constructor(name: string) {
    ({ topicPrefix: this.topicPrefix, dbName: this.dbName } = isolate(name));
  }

  /** The topic `name` under this test's prefix. */
  topic(name: string): string {
    return `${this.topicPrefix}${name}`;
  }

  /**
   * Starts both services and waits until they are ready; the probe then watches `watched` (full
   * topic names). `settings` are added to both services' environment (e.g. telemetry export);
   * `readyTimeoutMs` is how long each may take to get ready (a loaded machine starts slowly);
   * `only` adds settings to one service's environment.
   */
  async start(
    watched: string[],
    settings: NodeJS.ProcessEnv = {},
    { readyTimeoutMs, only = {} }: { readyTimeoutMs?: number; only?: Partial<Record<'intake' | 'dispatch', NodeJS.ProcessEnv>> } = {},
  ): Promise<void> {
    const keys = await ensureDevKeys(KEYS);
    const common = {
      KAFKA_BROKERS: this.env.kafkaBrokers.join(','),
      MONGO_URL: this.env.mongoUrl,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      AUTH_JWKS_URI: keys.jwksUri,
      LOG_LEVEL: 'warn',
      ...settings,
    };
    const service = async (name: 'intake' | 'dispatch') =>
      startServiceProcess(path.join(REPO_ROOT, `services/${name}/src/main.ts`), { ...common, ...only[name], MONGO_DB: `${this.dbName}_${name}` }, await freePort());
    this.intake = await service('intake');
    this.dispatch = await service('dispatch');
    await Promise.all([waitUntilReady(this.intake, readyTimeoutMs), waitUntilReady(this.dispatch, readyTimeoutMs)]);
    this.probe = new TopicProbe(this.env.kafkaBrokers);
    await this.probe.watch(watched);
  }

  async stop(): Promise<void> {
    await this.probe?.close();
    await Promise.all([this.intake?.stop(), this.dispatch?.stop()]);
  }

  /** One HTTP call to `/api/v1<url>` of a service with a fresh token of `roles`; the answer's status and parsed body. */
  async call(service: ServiceProcess, method: string, url: string, roles: Role[], body?: unknown, { subject = 'e2e', tenantId = TENANT }: Caller = {}) {
    const token = await mintDevToken({ subject, tenantId, roles, dir: KEYS });
    const response = await fetch(`${service.baseUrl}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}
