import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXAMPLES_DIR,
  SERVICE_REQUEST_ROUTED_V1,
  SERVICE_REQUEST_ROUTED_V2,
  TOPICS,
  type EventEnvelope,
  type ServiceRequestRouted,
  type ServiceRequestRoutedV1,
} from '@aftercare/contracts';
import { configureHttpApp } from '@aftercare/http';
import { startInProcessService, type InProcessOptions, type InProcessService, type RequestOptions } from '@aftercare/testing';
import { AppModule } from '../../src/app.module';
import type { TechnicianView } from '../../src/technician/application/technician.view';
import type { WorkOrderView } from '../../src/work-order/application/work-order.view';
import { configShape, type DispatchConfig } from '../../src/config/config';

export type { RequestOptions } from '@aftercare/testing';

export interface DispatchTestApp extends InProcessService<DispatchConfig> {
  /**
   * fetch against the app with a bearer token (default: a dispatcher of tenant `acme`); the
   * tenant is registered in the app's tenant registry first unless `registerTenant: false`.
   */
  request(method: string, url: string, options?: RequestOptions): Promise<Response>;
  /** Publishes a routed event the way intake does (CloudEvents headers, key = case id). */
  /** As intake publishes it: v2 for a case of fee class D (internal work), v1 for every other. */
  publishRouted(data: ServiceRequestRouted, options?: { id?: string }): Promise<EventEnvelope<ServiceRequestRouted>>;
}

export const TENANT = 'acme';

const DISPATCH = {
  name: 'dispatch',
  configShape,
  module: (config: DispatchConfig) => AppModule.register(config),
  configureHttp: configureHttpApp,
  // intake's topic is created first, so the consumer can subscribe at once.
  watched: [TOPICS.intakeServiceRequestEvents.name],
};

/**
 * The dispatch service in-process against the real local stack, with its own database, topic prefix
 * and consumer group (or another instance's, with `share`), and a probe watching the given topics.
 * `tenants`: registered at start, for tests that write through the app's use cases directly (the
 * tenants of requests and probe messages are registered as they are used).
 */
export async function startDispatch(label: string, options: InProcessOptions = {}): Promise<DispatchTestApp> {
  const service = await startInProcessService(DISPATCH, label, options);
  return Object.assign(service, {
    request: service.requester({ roles: ['dispatcher'], tenant: TENANT, subject: 'dispatcher-1', prefix: '/api/v1' }),
    publishRouted: (data: ServiceRequestRouted, { id }: { id?: string } = {}) =>
      service.publishEvent(TOPICS.intakeServiceRequestEvents.name, {
        id,
        type: data.feeClass === 'D' ? SERVICE_REQUEST_ROUTED_V2 : SERVICE_REQUEST_ROUTED_V1,
        source: '/aftercare/intake',
        subject: data.caseId,
        tenantId: data.tenantId,
        caseId: data.caseId,
        data,
      }),
  });
}

export async function stopDispatch(...harnesses: Array<DispatchTestApp | undefined>): Promise<void> {
  for (const h of harnesses) await h?.close();
}

/** intake's example routed event, for a new case of `tenant`. */
export function routedCase(overrides: Partial<ServiceRequestRoutedV1> = {}): ServiceRequestRoutedV1 {
  const example = JSON.parse(
    fs.readFileSync(path.join(EXAMPLES_DIR, `${SERVICE_REQUEST_ROUTED_V1}.json`), 'utf8'),
  ) as ServiceRequestRoutedV1;
  const routedAt = overrides.routedAt ?? new Date().toISOString();
  return {
    ...example,
    caseId: `sr-${randomUUID()}`,
    tenantId: TENANT,
    routedAt,
    // The example's call was long ago; a new case here was received when it was routed unless told otherwise.
    receivedAt: routedAt,
    serviceAgreement: null,
    // An ordinary repair (major, normal urgency): the example's P1 "production stopped" has
    // clocks of its own; tests of P1 say so.
    classification: { severity: 'major', urgency: 'normal', priority: 'P2' },
    priority: 'P2',
    ...overrides,
  };
}

/** Works every day, all day, in Shanghai time. */
export const ALWAYS_ON_SHIFT = {
  timeZone: 'Asia/Shanghai',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
  daysOff: [] as string[],
};

export interface TechnicianSeed {
  id: string;
  name?: string;
  skills?: string[];
  productLines?: string[];
  zones?: string[];
  baseLocation?: { lat: number; lng: number };
  capacity?: number;
  active?: boolean;
}

/** Registers technicians through the API (as a dispatcher of the tenant). */
export async function seedTechnicians(h: DispatchTestApp, seeds: TechnicianSeed[], tenant = TENANT): Promise<void> {
  for (const s of seeds) {
    const response = await h.request('POST', '/technicians', {
      tenant,
      body: {
        id: s.id,
        name: s.name ?? s.id,
        skills: s.skills ?? ['repair', 'hydraulics'],
        productLines: s.productLines ?? ['CP'],
        zones: s.zones ?? ['city'],
        baseLocation: s.baseLocation ?? { lat: 31.23, lng: 121.47 },
        shiftCalendar: ALWAYS_ON_SHIFT,
        capacity: s.capacity ?? 5,
        ...(s.active === undefined ? {} : { active: s.active }),
      },
    });
    if (response.status !== 201) throw new Error(`seeding ${s.id}: ${response.status} ${await response.text()}`);
  }
}

/** A problem details answer (the fields tests read). */
export interface Problem {
  code?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** An answer to a work order command: the order, or problem details. */
export type OrderAnswer = Partial<WorkOrderView> & Problem;

export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export async function readOrder(h: DispatchTestApp, id: string): Promise<WorkOrderView> {
  const response = await h.request('GET', `/work-orders/${encodeURIComponent(id)}`, { roles: ['manager'] });
  if (response.status !== 200) throw new Error(`GET work order ${id}: ${response.status} ${await response.text()}`);
  return json<WorkOrderView>(response);
}

export async function readTechnician(h: DispatchTestApp, id: string): Promise<TechnicianView> {
  const response = await h.request('GET', `/technicians/${encodeURIComponent(id)}`);
  if (response.status !== 200) throw new Error(`GET technician ${id}: ${response.status} ${await response.text()}`);
  return json<TechnicianView>(response);
}
