import { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';
import { monthFiguresConfigShape } from '@aftercare/month-figures';

const positive = (defaultValue: number) => z.coerce.number().positive().default(defaultValue);
const nonNegative = (defaultValue: number) => z.coerce.number().min(0).default(defaultValue);
const positiveInt = (defaultValue: number) => z.coerce.number().int().positive().default(defaultValue);

/** dispatch's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3002, {
  ...monthFiguresConfigShape,
  /** Average travel speed from a technician's base to the site (assignment ETA), km/h. */
  AVERAGE_SPEED_KMH: positive(40),
  /** Minutes every order already in a technician's queue delays the arrival (assignment ETA). */
  MINUTES_PER_QUEUED_JOB: nonNegative(90),
  /**
   * How long an instance ranks from its cached copy of a tenant's technicians before reading them
   * again, ms (its own writes keep the copy current; 0 reads them for every assignment).
   */
  TECHNICIAN_ROSTER_CACHE_MS: nonNegative(1_000),
  /** How many eligible candidates (best first) an assignment decision keeps on the order. */
  DECISION_CANDIDATES_KEPT: positiveInt(20),
  /** How often the deadline scanner looks for orders whose next check is due, ms. */
  DEADLINE_SCAN_INTERVAL_MS: positiveInt(10_000),
  /** Orders the scanner handles per pass (the rest wait for the next pass). */
  DEADLINE_SCAN_BATCH: positiveInt(200),
  /** How often the capacity reconciliation looks for technicians holding orders that no longer count, ms. */
  CAPACITY_RECONCILE_INTERVAL_MS: positiveInt(300_000),
  /**
   * How long an order id must have been seen not to count against a technician before the
   * reconciliation removes it (an assignment counts the technician just before saving the order).
   */
  CAPACITY_RECONCILE_GRACE_MS: positiveInt(60_000),
  /** Business calendar (libs/sla) whose working day ends the dispatch day (carry-over). */
  DISPATCH_CALENDAR_ID: z.string().min(1).default('cn-standard'),
  /** Repeat repair: same asset and fault category completed again within this many days. */
  REPEAT_REPAIR_WINDOW_DAYS: positive(30),
  /** Cost rates in minor units of COST_CURRENCY. */
  COST_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').default('CNY'),
  COST_LABOUR_PER_HOUR: nonNegative(15_000),
  COST_TRAVEL_PER_HOUR: nonNegative(8_000),
  COST_PER_PERSON_TIME: nonNegative(5_000),
  /** Time zone in which months (appraisal) are counted. */
  REPORTING_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
});

export type DispatchConfig = z.infer<z.ZodObject<typeof configShape>>;

/** Injection token of the validated configuration. */
export const DISPATCH_CONFIG = Symbol('DISPATCH_CONFIG');
