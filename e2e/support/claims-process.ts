import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevKeys } from '@aftercare/auth';
import { REPO_ROOT, freePort, isolate, startServiceProcess, waitUntilReady, type ServiceProcess } from '@aftercare/testing';
import type { IntakeAndDispatch } from './intake-and-dispatch';

const KEYS = path.join(os.tmpdir(), 'aftercare-test-keys');

/**
 * Claims as a third process beside a started IntakeAndDispatch: the same broker and topic
 * prefix, its own database, ready when this resolves. Stop it with `stop()`.
 */
export async function startClaimsBeside(system: IntakeAndDispatch, settings: NodeJS.ProcessEnv = {}, readyTimeoutMs?: number): Promise<ServiceProcess> {
  const keys = await ensureDevKeys(KEYS);
  const claims = startServiceProcess(
    path.join(REPO_ROOT, 'services/claims/src/main.ts'),
    {
      KAFKA_BROKERS: system.env.kafkaBrokers.join(','),
      MONGO_URL: system.env.mongoUrl,
      MONGO_DB: isolate('e2e-claims').dbName,
      KAFKA_TOPIC_PREFIX: system.topicPrefix,
      AUTH_JWKS_URI: keys.jwksUri,
      LOG_LEVEL: 'warn',
      ...settings,
    },
    await freePort(),
  );
  await waitUntilReady(claims, readyTimeoutMs);
  return claims;
}
