import { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';
import { DEV_SECRET_PREFIX } from '@aftercare/observability';

const positiveInt = (defaultValue: number) => z.coerce.number().int().positive().default(defaultValue);

/** Signs answer links in development only; every deployment sets its own SURVEY_LINK_SECRET (production refuses this one). */
export const DEV_SURVEY_LINK_SECRET = `${DEV_SECRET_PREFIX}survey-link-secret-change-me`;

/** survey's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3005, {
  /** HMAC-SHA256 key of the answer links; the same on every instance (a change voids the links sent). */
  SURVEY_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_SURVEY_LINK_SECRET),
  /** Where customers reach this service: the answer links start with it. */
  SURVEY_PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .transform((url) => url.replace(/\/+$/, ''))
    .default('http://127.0.0.1:3005'),
  /** The language of the answer page when the customer's browser names neither Chinese nor English. */
  SURVEY_DEFAULT_LANGUAGE: z.enum(['zh', 'en']).default('zh'),
  /** Tenant defaults (each tenant may override them, see the README): reminder and expiry of a link, hours. */
  SURVEY_REMIND_AFTER_HOURS: positiveInt(72),
  SURVEY_EXPIRE_AFTER_HOURS: positiveInt(14 * 24),
  /** A level below this is a low score (1..levels). */
  SURVEY_LOW_SCORE_THRESHOLD: positiveInt(2),
  /** Satisfaction target, percent (source 004 §3). */
  SURVEY_TARGET_PERCENT: z.coerce.number().positive().max(100).default(85),
  /** How often the reminder and expiry job looks for due invitations (ms), and how many it handles per pass. */
  SURVEY_LIFECYCLE_INTERVAL_MS: positiveInt(30_000),
  SURVEY_LIFECYCLE_BATCH: positiveInt(200),
  /** How often the review of each tenant's last closed month runs (ms): it acts once per tenant and month. */
  SURVEY_MONTH_REVIEW_INTERVAL_MS: positiveInt(3_600_000),
  /** Time zone in which months of scores are counted. */
  SURVEY_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
  /** The monthly report: generated this many hours after the month closes (owners publish their figures at the close), due the 4th. */
  REPORT_GENERATE_AFTER_HOURS: z.coerce.number().int().min(0).max(72).default(12),
  /** How often the report job looks for closed months without a report, ms (0: never; tests drive it). */
  REPORT_SCAN_INTERVAL_MS: z.coerce.number().int().min(0).default(15 * 60_000),
  /** The currency of the report's money (the owners publish minor units of it). */
  REPORT_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').default('CNY'),
  /** Resolution-rate target, percent (source 004 §3). */
  REPORT_RESOLUTION_TARGET_PERCENT: z.coerce.number().positive().max(100).default(95),
});

export type SurveyConfig = z.infer<z.ZodObject<typeof configShape>>;

/** Injection token of the validated configuration. */
export const SURVEY_CONFIG = Symbol('SURVEY_CONFIG');
