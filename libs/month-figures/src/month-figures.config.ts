import { z } from 'zod';

/** The settings every owner's config adds (spread into its `serviceConfigShape`), so all publish alike. */
export const monthFiguresConfigShape = {
  /** The tenants' time zone for the month figures: a month closes at its midnight. */
  REPORTING_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
  /** How often the month figures are recomputed and published when new or changed, ms (0: never; tests drive it). */
  MONTH_FIGURES_SCAN_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** How many closed months, newest first, each pass recomputes: late data in them revises the report. */
  MONTH_FIGURES_REVISED_MONTHS: z.coerce.number().int().min(1).max(12).default(2),
};

export type MonthFiguresConfig = z.infer<z.ZodObject<typeof monthFiguresConfigShape>>;
