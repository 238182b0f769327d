import { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';
import { monthFiguresConfigShape } from '@aftercare/month-figures';

/** parts's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3003, {
  ...monthFiguresConfigShape,
  /** The warehouse that serves a work order's parts (dispatch's awaiting-parts does not name one). */
  PARTS_DEFAULT_WAREHOUSE: z.string().min(1).default('central'),
  /** A work order's needed-by when dispatch sends none: this many hours after the technician asked (design). */
  PARTS_WORK_ORDER_NEEDED_WITHIN_HOURS: z.coerce.number().positive().default(48),
  /**
   * The carrier a backorder leaves with when a goods receipt completes it: the ERP's receipt
   * reserves, picks, packs and ships it without a person (the receipt id is the tracking number).
   */
  PARTS_AUTO_SHIP_CARRIER: z.string().min(1).default('erp-forwarding'),
  /** The workshop's stock: the parts on a carried-in repair's card (修护卡) are taken from it. */
  PARTS_WORKSHOP_WAREHOUSE: z.string().min(1).default('workshop'),
});

export type PartsConfig = z.infer<z.ZodObject<typeof configShape>>;

/** The validated configuration, injectable (registered by AppModule). */
export const PARTS_CONFIG = Symbol('PARTS_CONFIG');
