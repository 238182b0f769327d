import { z } from 'zod';
import { baseConfigShape, portSetting } from '@aftercare/observability';

const commonShape = (defaultPort: number) => ({
  ...baseConfigShape,
  PORT: portSetting(defaultPort),
  MONGO_DB: z.string().regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "_" and "-"').optional(),
  /** How often each background job's backstop scan looks for due work missing from its due index, ms (0: only at start-up). */
  DUE_WORK_BACKSTOP_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  /**
   * Tenants registered at start-up unless they exist, comma-separated ('' for none). Unset: the
   * demo tenant in development, none otherwise (libs/tenancy `tenancyOptionsFrom` checks each id).
   */
  TENANTS_SEED: z.string().optional(),
});

/** Settings every service reads, plus the service's own. */
export function serviceConfigShape<E extends z.ZodRawShape>(defaultPort: number, extra: E): ReturnType<typeof commonShape> & E {
  return { ...commonShape(defaultPort), ...extra };
}

export type BaseConfig = z.infer<z.ZodObject<ReturnType<typeof commonShape>>>;
