import { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';
import { monthFiguresConfigShape } from '@aftercare/month-figures';

const milliseconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const level = z.enum(['P1', 'P2', 'P3', 'P4']);
const row = z.object({ high: level, normal: level, low: level }).partial().strict();

/** A JSON object overriding cells of the default severity × urgency matrix, e.g. {"minor":{"high":"P3"}}. */
const priorityMatrixOverrides = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.object({ critical: row, major: row, minor: row }).partial().strict());

/** intake's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3001, {
  ...monthFiguresConfigShape,
  /** How often due SLA clocks are looked for; 0 turns the scheduler off. */
  SLA_SCAN_INTERVAL_MS: milliseconds(5000),
  /** How long a claimed clock stays with the instance that claimed it. */
  SLA_CLAIM_LEASE_MS: z.coerce.number().int().min(1).default(30_000),
  /** Clocks handled per scan at most. */
  SLA_SCAN_BATCH: z.coerce.number().int().min(1).default(100),
  PRIORITY_MATRIX: priorityMatrixOverrides.optional(),
  /** A new case for the same customer + serial + type within this many hours joins the open one. */
  DUPLICATE_WINDOW_HOURS: z.coerce.number().min(0).default(72),
  /** A resolved case the customer does not answer is confirmed after this many days. */
  CONFIRMATION_SILENCE_DAYS: z.coerce.number().min(0).default(7),
  CONFIRMATION_SCAN_INTERVAL_MS: milliseconds(60_000),
  /** The tenant's time zone for calendar dates (warranty ends, contract days). */
  TIME_ZONE: z.string().default('Asia/Shanghai'),
});

export type IntakeConfig = z.infer<z.ZodObject<typeof configShape>>;
