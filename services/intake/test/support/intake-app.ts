import type { Role } from '@aftercare/auth';
import { configureHttpApp } from '@aftercare/http';
import { startInProcessService, type InProcessOptions, type InProcessService, type RequestOptions } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import { configShape, type IntakeConfig } from '../../src/config/config';

export interface IntakeTestApp extends InProcessService<IntakeConfig> {
  /** A token of the tenant (default `acme`), registered in the app's tenant registry first. */
  token(roles: Role[], tenantId?: string, subject?: string): Promise<string>;
  /** A token without registering its tenant (for tests of unknown tenants). */
  unregisteredToken(roles: Role[], tenantId: string, subject?: string): Promise<string>;
  /** fetch against the app with a bearer token for the roles; the tenant is registered first. */
  request(method: string, url: string, options?: RequestOptions): Promise<Response>;
  /** Stops the app (drains) and leaves the probe; `restart` brings up a new one on the same database and topics. */
  close(): Promise<void>;
}

const INTAKE = { name: 'intake', configShape, module: (config: IntakeConfig) => AppModule.register(config), configureHttp: configureHttpApp };

/**
 * The intake service in-process, against the real local stack, with a database, topic prefix and
 * consumer groups of its own, plus a probe that watches the given topics from their beginning.
 * `tenants`: registered at start, for tests that write through the app's use cases directly (the
 * tenants of requests and probe messages are registered as they are used).
 */
export async function startIntake(label: string, options: Pick<InProcessOptions, 'watch' | 'env' | 'tenants'> = {}): Promise<IntakeTestApp> {
  const service = await startInProcessService(INTAKE, label, options);
  const signFor = service.token;
  return Object.assign(service, {
    token: (roles: Role[], tenantId = 'acme', subject = 'tester') => signFor(roles, tenantId, subject),
    unregisteredToken: (roles: Role[], tenantId: string, subject = 'tester') => signFor(roles, tenantId, subject, false),
    request: service.requester({ roles: ['agent'], tenant: 'acme', subject: 'tester', prefix: '' }),
    close: service.stop,
  });
}

export async function stopIntake(harness: IntakeTestApp | undefined): Promise<void> {
  await harness?.probe.close();
  await harness?.close();
}
