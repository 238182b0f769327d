import { ConfigError } from '@aftercare/observability';
import { tenantIdProblem } from './domain';

export interface TenancyOptions {
  /** Tenants registered at start-up unless they exist (the demo tenant in development). */
  seed: string[];
}

/** The tenant of the demo data, the `npm start` token and the READMEs' examples. */
export const DEMO_TENANT = 'acme';

/**
 * `TENANTS_SEED` (comma-separated ids; empty: none). Unset, a development process (NODE_ENV
 * `development`, the default, as under `npm start`) seeds the demo tenant and any other seeds
 * nothing: in production the operator registers every tenant. A malformed id stops the start.
 */
export function tenancyOptionsFrom(config: { TENANTS_SEED?: string; NODE_ENV?: string }, service = 'service'): TenancyOptions {
  const raw = config.TENANTS_SEED;
  if (raw === undefined) return { seed: config.NODE_ENV === 'development' ? [DEMO_TENANT] : [] };
  const seed = raw
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const broken = seed.map((id) => [id, tenantIdProblem(id)] as const).filter(([, problem]) => problem);
  if (broken.length) {
    throw new ConfigError(`${service}: invalid configuration: TENANTS_SEED ${broken.map(([id, problem]) => `"${id}" ${problem}`).join('; ')}`);
  }
  return { seed: [...new Set(seed)] };
}
