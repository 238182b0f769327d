import { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';
import { monthFiguresConfigShape } from '@aftercare/month-figures';

/** `acme=working,globex=calendar`: the tenants whose claim clocks read days otherwise than the default. */
const tenantReadings = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const readings: Record<string, 'calendar' | 'working'> = {};
    for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
      const [tenant, reading] = entry.split('=').map((p) => p.trim());
      if (!tenant || (reading !== 'calendar' && reading !== 'working')) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${entry}" is not <tenant>=calendar|working` });
        return z.NEVER;
      }
      readings[tenant] = reading;
    }
    return readings;
  });

const positiveInt = (defaultValue: number) => z.coerce.number().int().positive().default(defaultValue);

/** claims's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3004, {
  ...monthFiguresConfigShape,
  /** How the claim clocks read "days" unless a tenant says otherwise: `calendar` (24 h days) or `working` (cn-standard working days). */
  CLAIM_DAY_READING: z.enum(['calendar', 'working']).default('calendar'),
  /** Per-tenant exceptions to CLAIM_DAY_READING, e.g. `acme=working`. */
  CLAIM_DAY_READING_BY_TENANT: tenantReadings,
  /** How often the deadline scanner looks for claims past a deadline or due for the next escalation level. */
  CLAIM_DEADLINE_SCAN_INTERVAL_MS: positiveInt(10_000),
  /** At most this many due claims per pass. */
  CLAIM_DEADLINE_SCAN_BATCH: positiveInt(200),
});

export type ClaimsConfig = z.infer<z.ZodObject<typeof configShape>>;

/** The validated configuration, injectable as CLAIMS_CONFIG. */
export const CLAIMS_CONFIG = Symbol('CLAIMS_CONFIG');
