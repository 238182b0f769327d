/**
 * Topic `claims.public.return-authorization.events.v1`, key = return authorization (RMA) id,
 * `ce_caseid` = the case the return came from: a return or exchange from request to completion.
 * `progressed` carries the RMA's figures after each step (received vs expected with the shortfall,
 * the inspection's defective units and samples kept, the disposition), so a reader needs no other.
 */
export const RETURN_AUTHORIZATION_REQUESTED_V1 = 'aftercare.claims.return-authorization.requested.v1';
export const RETURN_AUTHORIZATION_PROGRESSED_V1 = 'aftercare.claims.return-authorization.progressed.v1';

export const RETURN_AUTHORIZATION_EVENT_TYPES = {
  requested: RETURN_AUTHORIZATION_REQUESTED_V1,
  progressed: RETURN_AUTHORIZATION_PROGRESSED_V1,
} as const;

export type ReturnAuthorizationStatusV1 = 'requested' | 'approved' | 'rejected' | 'goods_received' | 'inspected' | 'dispositioned' | 'completed';
export type ReturnDispositionV1 = 'replace' | 'refund' | 'repair' | 'rework' | 'scrap';

export interface ReturnAuthorizationRequestedV1 {
  rmaId: string;
  tenantId: string;
  caseId: string;
  productModel: string | null;
  /** null: opened from an intake case, which does not carry it; known by approval. */
  lot: string | null;
  /** null: opened from an intake case, which does not carry it; known by approval. */
  quantityExpected: number | null;
  requestedAt: string;
}

/** One step of the return: `step` is the status it reached; figures not known yet are null. */
export interface ReturnAuthorizationProgressedV1 {
  rmaId: string;
  tenantId: string;
  caseId: string;
  status: Exclude<ReturnAuthorizationStatusV1, 'requested'>;
  /** null only on a rejection of a return from a case that never got its lot. */
  lot: string | null;
  /** null only on a rejection of a return from a case that never got its quantity. */
  quantityExpected: number | null;
  quantityReceived: number | null;
  /** Expected minus received; recorded, not refused. */
  shortfall: number | null;
  defectConfirmed: boolean | null;
  defectiveQuantity: number | null;
  samplesKept: number | null;
  /** `units`: a few bad units of a lot; `whole_lot`: the lot failed as a whole. */
  scope: 'units' | 'whole_lot' | null;
  disposition: ReturnDispositionV1 | null;
  /** The rejection's reason. */
  reason: string | null;
  /** Who took the step; null for none named. */
  by: string | null;
  at: string;
}
