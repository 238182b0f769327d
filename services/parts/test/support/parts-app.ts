import { configureHttpApp } from '@aftercare/http';
import { startInProcessService, type InProcessOptions, type InProcessService, type RequestOptions } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import { configShape, type PartsConfig } from '../../src/config/config';

export type { RequestOptions } from '@aftercare/testing';

export interface PartsTestApp extends InProcessService<PartsConfig> {
  /** fetch against the app with a bearer token (default: a parts clerk of tenant `acme`, registered first). */
  request(method: string, url: string, options?: RequestOptions): Promise<Response>;
  /** Publishes a message the way its producer does (CloudEvents binary mode). */
  publish<T>(topic: string, type: string, key: string, data: T, options?: { id?: string; caseId?: string; tenantId?: string; source?: string }): Promise<string>;
}

export const TENANT = 'acme';

const PARTS = { name: 'parts', configShape, module: (config: PartsConfig) => AppModule.register(config), configureHttp: configureHttpApp };

/** The parts service in-process against the real stack, with its own database, topic prefix and a probe on `watch`. */
export async function startParts(label: string, options: Pick<InProcessOptions, 'watch' | 'env'> = {}): Promise<PartsTestApp> {
  const service = await startInProcessService(PARTS, label, { ...options, tenants: [TENANT] });
  return Object.assign(service, {
    request: service.requester({ roles: ['parts_clerk'], tenant: TENANT, subject: 'clerk-1', prefix: '/api/v1' }),
    publish: async <T>(topic: string, type: string, key: string, data: T, { id, caseId, tenantId = TENANT, source = '/erp' }: { id?: string; caseId?: string; tenantId?: string; source?: string } = {}) =>
      (await service.publishEvent(topic, { id, type, source, subject: key, tenantId, caseId, data })).id,
  });
}

export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
