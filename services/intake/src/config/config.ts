import { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';

const milliseconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** intake's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3001, {
  /** How often due SLA clocks are looked for; 0 turns the scheduler off. */
  SLA_SCAN_INTERVAL_MS: milliseconds(5000),
  /** How long a claimed clock stays with the instance that claimed it. */
  SLA_CLAIM_LEASE_MS: z.coerce.number().int().min(1).default(30_000),
  /** Clocks handled per scan at most. */
  SLA_SCAN_BATCH: z.coerce.number().int().min(1).default(100),
});

export type IntakeConfig = z.infer<z.ZodObject<typeof configShape>>;
