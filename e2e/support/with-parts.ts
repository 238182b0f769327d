import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevKeys } from '@aftercare/auth';
import { REPO_ROOT, TopicProbe, freePort, startServiceProcess, waitUntilReady, type ServiceProcess } from '@aftercare/testing';
import { IntakeAndDispatch } from './intake-and-dispatch';

/** The keys `IntakeAndDispatch` signs with: every service trusts the same JWKS. */
const KEYS = path.join(os.tmpdir(), 'aftercare-test-keys');

/** Three services joining their consumer groups on a shared, busy machine take longer than two. */
const READY_WITHIN_MS = 240_000;

/**
 * Intake, dispatch and parts as separate processes, on the same broker and topic prefix, each
 * with its own database (`t_<label>_<random>_<service>`); `call`, `topic` and `probe` as in
 * `IntakeAndDispatch`.
 */
export class IntakeDispatchAndParts extends IntakeAndDispatch {
  parts!: ServiceProcess;

  override async start(watched: string[], settings: NodeJS.ProcessEnv = {}): Promise<void> {
    const keys = await ensureDevKeys(KEYS);
    const common = {
      KAFKA_BROKERS: this.env.kafkaBrokers.join(','),
      MONGO_URL: this.env.mongoUrl,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      AUTH_JWKS_URI: keys.jwksUri,
      LOG_LEVEL: 'warn',
      ...settings,
    };
    const database = `${this.topicPrefix.replace(/[^A-Za-z0-9]/g, '_')}`;
    const service = async (name: 'intake' | 'dispatch' | 'parts') =>
      startServiceProcess(path.join(REPO_ROOT, `services/${name}/src/main.ts`), { ...common, MONGO_DB: `${database}${name}` }, await freePort());
    this.intake = await service('intake');
    this.dispatch = await service('dispatch');
    this.parts = await service('parts');
    await Promise.all([this.intake, this.dispatch, this.parts].map((s) => waitUntilReady(s, READY_WITHIN_MS)));
    this.probe = new TopicProbe(this.env.kafkaBrokers);
    await this.probe.watch(watched);
  }

  override async stop(): Promise<void> {
    await Promise.all([super.stop(), this.parts?.stop()]);
  }
}
