import { assertNoErrors, requiredFieldsMissing, WorkOrderErrors } from './work-order.errors';
import {
  isNonBlank,
  isNonNegativeNumber,
  isPositiveInteger,
  normalisePartsReplaced,
  partsReplacedErrors,
  signatureErrors,
} from './validation';
import type { CustomerSignature, PartReplaced, ServiceReport } from './work-order.types';

/** The report as the technician files it: anything may be missing, the domain decides. */
export interface ServiceReportInput {
  faultCause?: string | null;
  faultCategory?: string | null;
  resolution?: string | null;
  /** `[]` = no parts replaced. Missing (undefined / null) is an incomplete report. */
  partsReplaced?: readonly PartReplaced[] | null;
  labourHours?: number | null;
  travelHours?: number | null;
  /** Technician visits the job took; defaults to 1. */
  personTimes?: number | null;
  customerAcceptance?: Partial<CustomerSignature> | null;
}

/** The fields without which a report is incomplete (the sources penalise it, 001). */
export const REQUIRED_REPORT_FIELDS = ['faultCause', 'resolution', 'partsReplaced'] as const;

/**
 * Checks and normalises a service report.
 *
 * 1. Fault cause, resolution (non-blank) and the parts list (an array, possibly empty) are the
 *    content rule: any missing → `WORK_ORDER_REPORT_INCOMPLETE` (kind `rule`, 422) with
 *    `details.fieldErrors` naming every missing one.
 * 2. Then the shape: fault category, labour / travel hours (≥ 0), parts (part no., quantity ≥ 1,
 *    serials), person-times (integer ≥ 1) and the customer's acceptance (name, time, signature
 *    reference) → `WORK_ORDER_REPORT_INVALID` (kind `invalid`, 400), `details.fieldErrors`.
 *
 * `fallbackAcceptance` stands in for a missing acceptance: the signature the customer gave when a
 * carried-in item was returned.
 */
export function validateServiceReport(
  input: ServiceReportInput | null | undefined,
  options: { fallbackAcceptance?: CustomerSignature | null } = {},
): ServiceReport {
  const r: ServiceReportInput = input ?? {};
  const missing: string[] = [];
  if (!isNonBlank(r.faultCause)) missing.push('faultCause');
  if (!isNonBlank(r.resolution)) missing.push('resolution');
  if (!Array.isArray(r.partsReplaced)) missing.push('partsReplaced');
  if (missing.length > 0)
    throw requiredFieldsMissing(WorkOrderErrors.REPORT_INCOMPLETE, 'The service report is incomplete', missing);

  const acceptance = r.customerAcceptance ?? options.fallbackAcceptance ?? undefined;
  const personTimes = r.personTimes ?? 1;
  const errors: string[] = [];
  if (!isNonBlank(r.faultCategory)) errors.push('faultCategory');
  errors.push(...partsReplacedErrors(r.partsReplaced, 'partsReplaced'));
  if (!isNonNegativeNumber(r.labourHours)) errors.push('labourHours');
  if (!isNonNegativeNumber(r.travelHours)) errors.push('travelHours');
  if (!isPositiveInteger(personTimes)) errors.push('personTimes');
  errors.push(...signatureErrors(acceptance, 'customerAcceptance'));
  assertNoErrors(errors, WorkOrderErrors.REPORT_INVALID);

  const sig = acceptance as CustomerSignature;
  return {
    faultCause: (r.faultCause as string).trim(),
    faultCategory: (r.faultCategory as string).trim(),
    resolution: (r.resolution as string).trim(),
    partsReplaced: normalisePartsReplaced(r.partsReplaced as readonly PartReplaced[]),
    labourHours: r.labourHours as number,
    travelHours: r.travelHours as number,
    personTimes,
    customerAcceptance: { name: sig.name.trim(), signedAt: new Date(sig.signedAt), signatureRef: sig.signatureRef.trim() },
  };
}
