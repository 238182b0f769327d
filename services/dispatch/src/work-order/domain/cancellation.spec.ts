import { thrownDomainError } from '@aftercare/ddd';
import { at, eventNames, hours, lastEvent, reach } from './__fixtures__/work-order.fixtures';
import { caseWithdrawalOutcome, caseWithdrawalReason, type CaseWithdrawalOutcome } from './cancellation';
import { publishedStatus } from './work-order.event-mapper';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from './work-order.state-machine';

/** The rule of docs/domain.md, state by state: what a withdrawn case does to its order. */
const EXPECTED: Record<WorkOrderStatus, CaseWithdrawalOutcome> = {
  created: 'cancelled',
  assigned: 'cancelled',
  accepted: 'cancelled',
  declined: 'cancelled',
  scheduled: 'cancelled',
  awaiting_customer: 'cancelled',
  en_route: 'cancelled',
  on_site: 'cancelled',
  in_progress: 'cancelled',
  awaiting_parts: 'cancelled',
  carried_in: 'runs_to_end',
  in_repair: 'runs_to_end',
  repaired: 'runs_to_end',
  returned: 'runs_to_end',
  completed: 'runs_to_end',
  verified: 'runs_to_end',
  closed: 'already_ended',
  cancelled: 'already_ended',
};

describe('cancellation: reason codes', () => {
  it('a dispatcher’s cancellation defaults to `other` and carries the code it was given', () => {
    const plain = reach('assigned');
    plain.cancel({ reason: 'No longer needed', cancelledBy: 'dispatcher-1', at: at(hours(1)) });
    expect(plain.cancellation?.reasonCode).toBe('other');
    expect(lastEvent(plain).data).toMatchObject({ reasonCode: 'other', reason: 'No longer needed' });

    const replanned = reach('created');
    replanned.cancel({ reason: 'Wrong product line', cancelledBy: 'dispatcher-1', reasonCode: 'replan', at: at(hours(1)) });
    expect(lastEvent(replanned).data).toMatchObject({ reasonCode: 'replan', previousStatus: 'created', technicianId: null });
  });

  it('refuses an unknown code, naming it with the other bad fields, and changes nothing', () => {
    const order = reach('assigned');
    const error = thrownDomainError(() => order.cancel({ reason: ' ', cancelledBy: 'd', reasonCode: 'whim' as 'other' }));
    expect(error).toMatchObject({ code: 'WORK_ORDER_INVALID', fieldErrors: [expect.objectContaining({ field: 'reason' }), expect.objectContaining({ field: 'reasonCode' })] });
    expect(order.status).toBe('assigned');
    expect(order.pendingFacts.map((f) => f.kind)).not.toContain('cancelled');
  });
});

describe('cancellation: the order of a withdrawn case', () => {
  it.each(WORK_ORDER_STATUSES.map((s) => [s, EXPECTED[s]] as const))('in %s: %s', (status, outcome) => {
    expect(caseWithdrawalOutcome(status)).toBe(outcome);
    const order = reach(status);
    const recorded = order.pendingEvents.length;
    const technicianId = order.technicianId;
    expect(order.followCaseWithdrawal({ caseReason: 'Machine sold', withdrawnBy: 'customer', at: at(hours(50)) })).toBe(outcome);
    if (outcome === 'cancelled') {
      expect(order.status).toBe('cancelled');
      expect(order.cancellation).toEqual({
        reason: 'case cancelled by customer: Machine sold',
        reasonCode: 'case_cancelled',
        cancelledBy: 'intake',
        cancelledAt: at(hours(50)),
        previousStatus: status,
      });
      expect(eventNames(order).slice(recorded)).toEqual(['cancelled']);
      expect(lastEvent(order).data).toMatchObject({ technicianId, previousStatus: publishedStatus(status), reasonCode: 'case_cancelled', cancelledBy: 'intake' });
    } else {
      expect(order.status).toBe(status);
      expect(order.pendingEvents).toHaveLength(recorded);
    }
  });

  it('a redelivered withdrawal finds the order already cancelled and records nothing', () => {
    const order = reach('scheduled');
    order.followCaseWithdrawal({ caseReason: 'Machine sold', withdrawnBy: 'agent', at: at(hours(2)) });
    const recorded = order.pendingEvents.length;
    expect(order.followCaseWithdrawal({ caseReason: 'Machine sold', withdrawnBy: 'agent', at: at(hours(3)) })).toBe('already_ended');
    expect(order.pendingEvents).toHaveLength(recorded);
    expect(order.cancellation?.cancelledAt).toEqual(at(hours(2)));
  });

  it('the order’s reason names who withdrew the case and why, with stand-ins for blanks', () => {
    expect(caseWithdrawalReason(' Fixed itself ', ' integration ')).toBe('case cancelled by integration: Fixed itself');
    expect(caseWithdrawalReason('', '')).toBe('case cancelled by intake: no reason given');
  });
});
