import { ConfigError } from '@aftercare/observability';
import { isTimeZone, tenantIdProblem } from './domain';

export interface TenancyOptions {
  /** Tenants registered at start-up unless they exist (the demo tenant in development). */
  seed: string[];
  /**
   * The zone of a tenant registered without one, and of a registration published before
   * registrations carried one: the deployment's REPORTING_TIME_ZONE.
   */
  defaultTimeZone: string;
}

export const TENANCY_OPTIONS = Symbol('TENANCY_OPTIONS');

/** The months of a deployment that names no REPORTING_TIME_ZONE close at midnight here. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The tenant of the demo data, the `npm start` token and the READMEs' examples. */
export const DEMO_TENANT = 'acme';

/**
 * `REPORTING_TIME_ZONE` (an IANA zone; unset: Asia/Shanghai) is the default zone of a tenant.
 * `TENANTS_SEED` (comma-separated ids; empty: none). Unset, a development process (NODE_ENV
 * `development`, the default, as under `npm start`) seeds the demo tenant and any other seeds
 * nothing: in production the operator registers every tenant. A malformed id stops the start.
 */
export function tenancyOptionsFrom(config: { TENANTS_SEED?: string; NODE_ENV?: string; REPORTING_TIME_ZONE?: string }, service = 'service'): TenancyOptions {
  const defaultTimeZone = config.REPORTING_TIME_ZONE ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(defaultTimeZone)) throw new ConfigError(`${service}: invalid configuration: REPORTING_TIME_ZONE "${defaultTimeZone}" is not an IANA time zone`);
  const raw = config.TENANTS_SEED;
  if (raw === undefined) return { seed: config.NODE_ENV === 'development' ? [DEMO_TENANT] : [], defaultTimeZone };
  const seed = raw
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const broken = seed.map((id) => [id, tenantIdProblem(id)] as const).filter(([, problem]) => problem);
  if (broken.length) {
    throw new ConfigError(`${service}: invalid configuration: TENANTS_SEED ${broken.map(([id, problem]) => `"${id}" ${problem}`).join('; ')}`);
  }
  return { seed: [...new Set(seed)], defaultTimeZone };
}
