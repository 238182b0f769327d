/**
 * Internal work is fee class D (source 004 §5: inspections, parts handling, tool upkeep, short
 * training — the company's own work, never invoiced). A case is registered as internal work by
 * the staff who take it (`internalWork`); only a field-service case can be one (a technician does
 * it). Internal work charges nobody, so:
 * - its fee class is D whatever the asset's coverage, which the entitlement keeps naming;
 * - it is routed without a decided entitlement (there is no customer fee to decide);
 * - misuse found on it is charged like any misuse (class A): someone caused the damage.
 */
import type { ServiceRequestFeeClass } from './service-request.events';
import { assertFieldServiceFlag } from './field-service-flag';
import type { ServiceRequestState } from './service-request.state';
import type { RequestType } from './service-request.types';

export const INTERNAL_WORK_FEE_CLASS = 'D' satisfies ServiceRequestFeeClass;

/** Throws SERVICE_REQUEST_INTERNAL_WORK_NOT_FIELD_SERVICE (422) unless the type sends a technician. */
export const assertInternalWorkType = (type: RequestType | null): void => assertFieldServiceFlag('internalWork', type);

/** The fee class of the case's job: D for internal work (unless misuse charges it), else its entitlement's. */
export function feeClassOf(s: Pick<ServiceRequestState, 'internalWork' | 'misuse' | 'entitlement'>): ServiceRequestFeeClass | null {
  if (s.internalWork && !s.misuse) return INTERNAL_WORK_FEE_CLASS;
  return s.entitlement?.feeClass ?? null;
}
