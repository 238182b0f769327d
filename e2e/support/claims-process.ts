import type { ServiceProcess } from '@aftercare/testing';
import type { IntakeAndDispatch } from './intake-and-dispatch';
import { startServiceBeside } from './service-beside';

/**
 * Claims as a third process beside a started IntakeAndDispatch: the same broker and topic
 * prefix, its own database, ready when this resolves. Stop it with `stop()`.
 */
export function startClaimsBeside(system: IntakeAndDispatch, settings: NodeJS.ProcessEnv = {}, readyTimeoutMs?: number): Promise<ServiceProcess> {
  return startServiceBeside(system, 'claims', settings, readyTimeoutMs);
}
