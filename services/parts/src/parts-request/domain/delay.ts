import type { ErpPurchaseStatus } from './parts-request.types';
import type { PartsRequestFact } from './parts-request.facts';
import type { PartsRequestState } from './parts-request.state';

const FINISHED = ['delivered', 'closed', 'cancelled'];

/**
 * A request that will miss its needed-by date says so once per slip (design): when the expected
 * date passes the needed-by date and is later than the last date announced. The same date
 * reported again, or an earlier one, announces nothing.
 */
export function checkDelay(state: PartsRequestState, expectedAt: Date, reason: 'erp_planned_date' | 'shipment_eta', at: Date): PartsRequestFact[] {
  if (!state.neededBy || FINISHED.includes(state.status)) return [];
  if (expectedAt.getTime() <= state.neededBy.getTime()) return [];
  if (state.announcedDelayUntil && expectedAt.getTime() <= state.announcedDelayUntil.getTime()) return [];
  state.announcedDelayUntil = expectedAt;
  return [{ kind: 'delayed', at, expectedAt, reason }];
}

/** The ERP's progress on a line's purchase request; its planned date may be a slip. Unknown ids change nothing. */
export function followPurchase(state: PartsRequestState, purchaseRequestId: string, status: ErpPurchaseStatus, plannedDate: Date | null, at: Date): PartsRequestFact[] {
  const line = state.lines.find((l) => l.purchaseRequest?.purchaseRequestId === purchaseRequestId);
  if (!line?.purchaseRequest) return [];
  line.purchaseRequest = { ...line.purchaseRequest, status, plannedDate };
  return plannedDate ? checkDelay(state, plannedDate, 'erp_planned_date', at) : [];
}
