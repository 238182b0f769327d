import * as path from 'node:path';
import { REPO_ROOT, freePort, serviceEnvironment, startServiceProcess, waitUntilReady, type ServiceProcess } from '@aftercare/testing';

export interface IntakeProcess {
  service: ServiceProcess;
  /** The management port's base URL, where the kubelet's probes go. */
  management: string;
  /** The environment it runs with (topic prefix, keys). */
  env: NodeJS.ProcessEnv;
}

/**
 * Intake as its own process, isolated like every test (`label`), with the Kafka settings given
 * (a broker of the test's own) and a management port; resolves once it is ready.
 */
export async function startIntakeProcess(label: string, kafka: NodeJS.ProcessEnv): Promise<IntakeProcess> {
  const managementPort = await freePort();
  const env = { ...(await serviceEnvironment(label)), ...kafka, MANAGEMENT_PORT: String(managementPort), LOG_LEVEL: 'warn' };
  const service = startServiceProcess(path.join(REPO_ROOT, 'services/intake/src/main.ts'), env, await freePort());
  await waitUntilReady(service, 150_000);
  return { service, management: `http://127.0.0.1:${managementPort}`, env };
}
