import { z } from 'zod';
import { baseConfigShape, portSetting } from '@aftercare/observability';
import { DEV_CURSOR_SECRET } from './paging';

const TENANT_ID = '[a-z0-9][a-z0-9_-]{0,62}';
const TENANT_LIST = new RegExp(`^\\s*(${TENANT_ID}\\s*(,\\s*${TENANT_ID}\\s*)*)?$`);

const commonShape = (defaultPort: number) => ({
  ...baseConfigShape,
  PORT: portSetting(defaultPort),
  /** `/metrics` (and the health endpoints) on a port of their own; unset: `/metrics` on PORT. */
  MANAGEMENT_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  MONGO_DB: z.string().regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "_" and "-"').optional(),
  /** How often each background job's backstop scan looks for due work missing from its due index, ms (0: only at start-up). */
  DUE_WORK_BACKSTOP_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** Signs list cursors (HMAC-SHA256, paging.ts); one per deployment, the same on every instance. */
  CURSOR_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_CURSOR_SECRET),
  /**
   * Tenants registered at start-up unless they exist, comma-separated ('' for none). Unset: the
   * demo tenant in development, none otherwise (libs/tenancy `tenancyOptionsFrom`). Each id as
   * libs/tenancy's `TENANT_ID_PATTERN` says (its spec holds the two together); never '*'.
   */
  TENANTS_SEED: z
    .string()
    .regex(TENANT_LIST, "must be comma-separated tenant ids (lower-case letters, digits, '-', '_'; never '*')")
    .optional(),
});

/** Settings every service reads, plus the service's own. */
export function serviceConfigShape<E extends z.ZodRawShape>(defaultPort: number, extra: E): ReturnType<typeof commonShape> & E {
  return { ...commonShape(defaultPort), ...extra };
}

export type BaseConfig = z.infer<z.ZodObject<ReturnType<typeof commonShape>>>;
