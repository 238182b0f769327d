import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevKeys } from '@aftercare/auth';
import { REPO_ROOT, freePort, isolate, startServiceProcess, waitUntilReady, type ServiceProcess } from '@aftercare/testing';
import type { IntakeAndDispatch } from './intake-and-dispatch';

/** The keys `IntakeAndDispatch` signs with: every service trusts the same JWKS. */
const KEYS = path.join(os.tmpdir(), 'aftercare-test-keys');

export type BesideService = 'parts' | 'claims' | 'survey';

/**
 * One more service as a process beside an IntakeAndDispatch: the same broker and topic prefix, a
 * database of its own (stop it with `stop()`). Survey's links point at the process itself, so a
 * test can follow them. Spawned, not yet ready: see `startServiceBeside`.
 */
export async function spawnServiceBeside(system: IntakeAndDispatch, name: BesideService, settings: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
  const keys = await ensureDevKeys(KEYS);
  const port = await freePort();
  return startServiceProcess(
    path.join(REPO_ROOT, `services/${name}/src/main.ts`),
    {
      KAFKA_BROKERS: system.env.kafkaBrokers.join(','),
      MONGO_URL: system.env.mongoUrl,
      MONGO_DB: isolate(`e2e-${name}`).dbName,
      KAFKA_TOPIC_PREFIX: system.topicPrefix,
      AUTH_JWKS_URI: keys.jwksUri,
      LOG_LEVEL: 'warn',
      ...(name === 'survey' ? { SURVEY_PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
      ...settings,
    },
    port,
  );
}

/** `spawnServiceBeside`, ready when this resolves. */
export async function startServiceBeside(system: IntakeAndDispatch, name: BesideService, settings: NodeJS.ProcessEnv = {}, readyTimeoutMs?: number): Promise<ServiceProcess> {
  const service = await spawnServiceBeside(system, name, settings);
  await waitUntilReady(service, readyTimeoutMs);
  return service;
}
