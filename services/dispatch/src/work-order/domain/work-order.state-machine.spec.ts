import { DomainError, IllegalTransitionError } from '@aftercare/ddd';
import { ALICE, BOB, at, days, fullReport, hours, reach } from './__fixtures__/work-order.fixtures';
import { WorkOrder } from './work-order';
import {
  WORK_ORDER_ACTIONS,
  WORK_ORDER_STATUSES,
  WORK_ORDER_TRANSITIONS,
  WorkOrderAction,
  workOrderStateMachine,
  WorkOrderStatus,
} from './work-order.state-machine';

/** The legal moves, written out independently of the implementation's table. */
const LEGAL: Array<[WorkOrderStatus, WorkOrderAction, WorkOrderStatus]> = [
  ['created', 'assign', 'assigned'],
  ['created', 'cancel', 'cancelled'],
  ['assigned', 'accept', 'accepted'],
  ['assigned', 'reassign', 'assigned'],
  ['assigned', 'decline', 'declined'],
  ['assigned', 'cancel', 'cancelled'],
  ['declined', 'assign', 'assigned'],
  ['declined', 'cancel', 'cancelled'],
  ['accepted', 'schedule', 'scheduled'],
  ['accepted', 'reassign', 'assigned'],
  ['accepted', 'cancel', 'cancelled'],
  ['scheduled', 'schedule', 'scheduled'],
  ['scheduled', 'depart', 'en_route'],
  ['scheduled', 'reassign', 'assigned'],
  ['scheduled', 'cancel', 'cancelled'],
  ['accepted', 'awaitCustomer', 'awaiting_customer'],
  ['scheduled', 'awaitCustomer', 'awaiting_customer'],
  ['awaiting_customer', 'awaitCustomer', 'awaiting_customer'],
  ['awaiting_customer', 'endCustomerWait', 'scheduled'],
  ['awaiting_customer', 'depart', 'en_route'],
  ['awaiting_customer', 'schedule', 'scheduled'],
  ['awaiting_customer', 'reassign', 'assigned'],
  ['awaiting_customer', 'cancel', 'cancelled'],
  ['en_route', 'arrive', 'on_site'],
  ['en_route', 'cancel', 'cancelled'],
  ['on_site', 'start', 'in_progress'],
  ['on_site', 'carryIn', 'carried_in'],
  ['on_site', 'cancel', 'cancelled'],
  ['in_progress', 'awaitParts', 'awaiting_parts'],
  ['in_progress', 'carryIn', 'carried_in'],
  ['in_progress', 'complete', 'completed'],
  ['in_progress', 'cancel', 'cancelled'],
  ['awaiting_parts', 'resume', 'in_progress'],
  ['awaiting_parts', 'cancel', 'cancelled'],
  ['carried_in', 'startRepair', 'in_repair'],
  ['in_repair', 'updateRepairCard', 'in_repair'],
  ['in_repair', 'markRepaired', 'repaired'],
  ['repaired', 'returnToCustomer', 'returned'],
  ['returned', 'complete', 'completed'],
  ['completed', 'verify', 'verified'],
  ['completed', 'requireRework', 'in_progress'],
  ['verified', 'close', 'closed'],
];

const legalTarget = (from: WorkOrderStatus, action: WorkOrderAction): WorkOrderStatus | undefined =>
  LEGAL.find(([f, a]) => f === from && a === action)?.[2];

/** Performs an action on the aggregate with valid input; only the state decides whether it may. */
function perform(o: WorkOrder, action: WorkOrderAction): void {
  const t = at(hours(10));
  const assignee = o.technicianId ?? 'tech-alice';
  switch (action) {
    case 'assign':
      o.autoAssign([ALICE, BOB], { now: at(hours(2)) });
      return;
    case 'reassign':
      o.reassign({ technician: o.technicianId === 'tech-bob' ? ALICE : BOB, dispatcherId: 'dispatcher-1', context: { now: t } });
      return;
    case 'accept':
      return o.accept({ technicianId: assignee, at: t });
    case 'decline':
      return o.decline({ technicianId: assignee, reason: 'Too far', at: t });
    case 'schedule':
      return o.schedule({ windowStart: at(hours(11)), windowEnd: at(hours(12)), at: t });
    case 'awaitCustomer':
      return o.awaitCustomer({ windowStart: at(hours(30)), windowEnd: at(hours(31)), at: t });
    case 'endCustomerWait':
      return o.endCustomerWait(at(hours(40)));
    case 'depart':
      return o.departForSite({ at: t });
    case 'arrive':
      return o.arriveOnSite({ at: t });
    case 'start':
      return o.startWork({ at: t });
    case 'awaitParts':
      return o.awaitParts({ parts: [{ partNo: 'P-1', quantity: 2 }], at: t });
    case 'resume':
      return o.resumeWork({ at: t });
    case 'carryIn':
      return o.carryIn({ receiptNo: 'R-9', promisedReturnDate: at(days(4)), at: t });
    case 'startRepair':
      return o.startRepair({ at: t });
    case 'updateRepairCard':
      return o.updateRepairCard({ actualHours: 1, parts: [], at: t });
    case 'markRepaired':
      if (o.can('updateRepairCard')) o.updateRepairCard({ actualHours: 1, parts: [], at: t });
      return o.markRepaired({ inspectedBy: 'supervisor-1', at: t });
    case 'returnToCustomer':
      return o.returnToCustomer({ signature: { name: 'Li', signedAt: t, signatureRef: 'sig/1' }, at: t });
    case 'complete':
      return o.complete({ report: fullReport(), at: t });
    case 'verify':
      return o.verify({ verifiedBy: 'qc-1', at: t });
    case 'requireRework':
      return o.requireRework({ inspectedBy: 'qc-1', reason: 'Still leaking', at: t });
    case 'close':
      return o.close({ closedBy: 'dispatcher-1', at: t });
    case 'cancel':
      return o.cancel({ reason: 'Withdrawn', cancelledBy: 'agent-1', at: t });
  }
}

describe('work order state machine', () => {
  it('has exactly the documented legal transitions in its table', () => {
    const fromTable: string[] = [];
    for (const action of WORK_ORDER_ACTIONS)
      for (const from of WORK_ORDER_TRANSITIONS[action].from)
        fromTable.push(`${from} -${action}-> ${WORK_ORDER_TRANSITIONS[action].to}`);
    expect(fromTable.sort()).toEqual(LEGAL.map(([f, a, t]) => `${f} -${a}-> ${t}`).sort());
  });

  it('covers every state and action (18 states × 22 actions)', () => {
    expect(WORK_ORDER_STATUSES).toHaveLength(18);
    expect(WORK_ORDER_ACTIONS).toHaveLength(22);
    expect(workOrderStateMachine.actions().sort()).toEqual([...WORK_ORDER_ACTIONS].sort());
  });

  it('leaves closed and cancelled as terminal states', () => {
    for (const action of WORK_ORDER_ACTIONS) {
      expect(workOrderStateMachine.can('closed', action)).toBe(false);
      expect(workOrderStateMachine.can('cancelled', action)).toBe(false);
    }
  });

  const matrix = WORK_ORDER_STATUSES.flatMap((from) =>
    WORK_ORDER_ACTIONS.map((action) => ({ from, action, to: legalTarget(from, action) })),
  );

  describe.each(matrix.filter((m) => m.to))('legal: $from --$action-->', ({ from, action, to }) => {
    it(`moves the aggregate to ${to} and records an event`, () => {
      const o = reach(from);
      const before = o.pendingEvents.length;
      perform(o, action);
      expect(o.status).toBe(to);
      // The end of a customer's wait was announced with its start (`awaiting-customer`, windowStart).
      if (action !== 'endCustomerWait') expect(o.pendingEvents.length).toBeGreaterThan(before);
      expect(workOrderStateMachine.can(from, action)).toBe(true);
    });
  });

  describe.each(matrix.filter((m) => !m.to))('illegal: $from --$action-->', ({ from, action }) => {
    it('throws WORK_ORDER_ILLEGAL_TRANSITION (409) and changes nothing', () => {
      const o = reach(from);
      const snapshot = o.toSnapshot();
      const before = o.pendingEvents.length;
      let error: unknown;
      try {
        perform(o, action);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IllegalTransitionError);
      const e = error as DomainError;
      expect(e.code).toBe('WORK_ORDER_ILLEGAL_TRANSITION');
      expect(e.kind).toBe('conflict');
      expect(e.details).toEqual({ from, action });
      expect(o.toSnapshot()).toEqual(snapshot);
      expect(o.pendingEvents.length).toBe(before);
      expect(workOrderStateMachine.can(from, action)).toBe(false);
    });
  });
});
