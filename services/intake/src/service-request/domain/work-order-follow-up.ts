/**
 * How the case follows its work orders in dispatch (docs/domain.md, "Cancellation across intake
 * and dispatch"):
 *
 * - assigned → the work item starts (acknowledged | reopened → in_progress);
 * - verified → the item is done, and the case resolved when no other work is open;
 * - cancelled → the item ends without resolving the case, and the order's reason code decides
 *   what becomes of the case: `replan` routes it again (a new round: dispatch opens a new order),
 *   `customer_request` and `other` (or none, from an older dispatch) return it to the agent (the
 *   escalation rises one level, reason `downstream`, the order's reason as note). An order
 *   cancelled before any technician took it was never a work item: it is recorded as one that
 *   ended at once, so its cancellation is known (a redelivery changes nothing).
 *
 * A case that was withdrawn (cancelled or rejected) takes no more news from dispatch: late events
 * of its orders — its own cancellation coming back as `case_cancelled`, an order that ran to its
 * end in the workshop — change nothing and record nothing (the timeline still shows them).
 * A cancellation arriving after the case was resolved changes nothing either.
 */
import type { WorkOrderCancellationReasonCode } from '@aftercare/contracts';
import { escalate } from './escalation';
import { assertReroutable, reroute } from './registration';
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import type { ServiceRequestFact } from './service-request.facts';
import type { ServiceRequestState } from './service-request.state';
import { completeWork, resolve, startWork } from './work-progress';
import { FieldErrors, instantOrNow, optionalText, requiredText } from './validation';

export type WorkOrderNews =
  | { kind: 'assigned'; reference: string; at?: Date }
  | { kind: 'verified'; reference: string; at?: Date }
  | { kind: 'cancelled'; reference: string; reasonCode?: WorkOrderCancellationReasonCode; reason?: string | null; at?: Date };

/** What a cancelled work order means for its case. */
export type CaseReturn = 'reroute' | 'agent';

/** `replan` re-routes; everything else (and no code at all) is for the agent to decide. */
export function caseReturnFor(reasonCode: WorkOrderCancellationReasonCode | undefined): CaseReturn {
  return reasonCode === 'replan' ? 'reroute' : 'agent';
}

const WITHDRAWN = ['cancelled', 'rejected'] as const;
const BEFORE_RESOLUTION = ['received', 'registered', 'acknowledged', 'in_progress', 'reopened'] as const;

export const isWithdrawn = (s: Readonly<ServiceRequestState>): boolean => (WITHDRAWN as readonly string[]).includes(s.status);

export function followWorkOrder(s: ServiceRequestState, news: WorkOrderNews): ServiceRequestFact[] {
  const errors = new FieldErrors();
  const reference = requiredText(news.reference, 'reference', errors);
  errors.throwIfAny();
  if (isWithdrawn(s)) return [];
  const at = instantOrNow(news.at);
  switch (news.kind) {
    case 'assigned':
      return startWork(s, { kind: 'work_order', reference, at });
    case 'verified': {
      const facts: ServiceRequestFact[] = completeWork(s, { kind: 'work_order', reference, at });
      if (s.status === 'in_progress' && !s.work.some((w) => !w.completedAt)) facts.push(...resolve(s, { summary: `work order ${reference} verified`, at }));
      return facts;
    }
    case 'cancelled':
      return workOrderCancelled(s, { reference, reasonCode: news.reasonCode, reason: news.reason, at });
  }
}

function workOrderCancelled(
  s: ServiceRequestState,
  news: { reference: string; reasonCode?: WorkOrderCancellationReasonCode; reason?: string | null; at: Date },
): ServiceRequestFact[] {
  const { reference, at } = news;
  const errors = new FieldErrors();
  const reason = optionalText(news.reason, 'reason', errors);
  errors.throwIfAny();
  const item = s.work.find((w) => w.kind === 'work_order' && w.reference === reference);
  if (item?.completedAt) return [];
  if (!(BEFORE_RESOLUTION as readonly string[]).includes(s.status)) return [];
  // Checked before anything changes: a rule that fails leaves the case as it was.
  const caseReturn = caseReturnFor(news.reasonCode);
  if (caseReturn === 'reroute') assertReroutable(s);
  else if (!s.routing) throw serviceRequestError(SERVICE_REQUEST_ERRORS.NOT_ROUTED, `service request ${s.id} has no work order ${reference}`, 'conflict');
  const facts: ServiceRequestFact[] = [];
  if (item) {
    facts.push(...completeWork(s, { kind: 'work_order', reference, at }));
  } else {
    s.work.push({ kind: 'work_order', reference, startedAt: at, completedAt: at });
    facts.push({ kind: 'workCompleted', at, work: { kind: 'work_order', reference } });
  }
  if (caseReturn === 'reroute') {
    facts.push(reroute(s, { at }));
  } else {
    const note = `work order ${reference} was cancelled in dispatch${reason ? `: ${reason}` : ''}; the agent decides`;
    facts.push(...escalate(s, { level: (s.escalation?.level ?? 0) + 1, reason: 'downstream', note, at }));
  }
  return facts;
}
