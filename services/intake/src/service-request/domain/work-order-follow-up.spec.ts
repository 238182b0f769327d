import type { ServiceRequest } from './service-request';
import {
  acknowledged,
  cancelled,
  cancelledInProgress,
  closed,
  confirmed,
  factKinds,
  hours,
  inProgress,
  minutes,
  received,
  registered,
  rejected,
  reopened,
  resolved,
  routed,
} from './testing/service-request.builders';
import { caseReturnFor } from './work-order-follow-up';

const AT = hours(3);

describe('work-order follow-up: what a cancelled work order means for the case', () => {
  it.each([
    ['replan', 'reroute'],
    ['customer_request', 'agent'],
    ['other', 'agent'],
    ['case_cancelled', 'agent'],
    [undefined, 'agent'],
  ] as const)('reason code %s → %s', (code, expected) => {
    expect(caseReturnFor(code)).toBe(expected);
  });

  it('replan, on an order no technician took: recorded as work that ended at once, the case routed again (round 2), still acknowledged', () => {
    const c = routed();
    expect(c.followWorkOrder({ kind: 'cancelled', reference: 'wo-0', reasonCode: 'replan', reason: 'Wrong product line', at: AT })).toBe(true);
    expect(factKinds(c)).toEqual(['registered', 'acknowledged', 'routed', 'workCompleted', 'routed']);
    expect(c.status).toBe('acknowledged');
    expect(c.routing).toEqual({ target: 'dispatch', routedAt: AT, round: 2 });
    expect(c.work).toEqual([{ kind: 'work_order', reference: 'wo-0', startedAt: AT, completedAt: AT }]);
    expect(c.pendingEvents.at(-1)?.data).toMatchObject({ reroute: true, routedAt: AT.toISOString(), target: 'dispatch' });
    // The new round's order is assigned, then verified: the case runs on and is resolved.
    c.followWorkOrder({ kind: 'assigned', reference: 'wo-1', at: hours(4) });
    expect(c.status).toBe('in_progress');
    c.followWorkOrder({ kind: 'verified', reference: 'wo-1', at: hours(9) });
    expect(c.status).toBe('resolved');
  });

  it('replan, on an assigned order: its work item ends, the case stays in progress and is routed again', () => {
    const c = inProgress();
    const from = c.pendingFacts.length;
    c.followWorkOrder({ kind: 'cancelled', reference: 'wo-1', reasonCode: 'replan', reason: 'Needs a chiller specialist', at: AT });
    expect(factKinds(c, from)).toEqual(['workCompleted', 'routed']);
    expect(c.status).toBe('in_progress');
    expect(c.hasOpenWork).toBe(false);
    expect(c.routing?.round).toBe(2);
    expect(c.escalated).toBe(false);
  });

  it.each(['customer_request', 'other', undefined] as const)('%s: the work item ends and the case goes back to the agent (escalated one level, downstream)', (reasonCode) => {
    const c = inProgress();
    c.escalate({ level: 1, reason: 'sla_breach', at: hours(2) });
    const from = c.pendingFacts.length;
    c.followWorkOrder({ kind: 'cancelled', reference: 'wo-1', reasonCode, reason: ' Customer postponed ', at: AT });
    expect(factKinds(c, from)).toEqual(['workCompleted', 'escalated']);
    expect(c.status).toBe('in_progress');
    expect(c.escalation).toEqual({ level: 2, reason: 'downstream', note: 'work order wo-1 was cancelled in dispatch: Customer postponed; the agent decides', at: AT });
    expect(c.routing?.round).toBe(1);
  });

  it('to the agent, on an order no technician took: the case stays acknowledged, escalated', () => {
    const c = routed();
    c.followWorkOrder({ kind: 'cancelled', reference: 'wo-0', reasonCode: 'customer_request', at: AT });
    expect(c.status).toBe('acknowledged');
    expect(c.escalation).toMatchObject({ level: 1, reason: 'downstream', note: 'work order wo-0 was cancelled in dispatch; the agent decides' });
    expect(c.work).toEqual([{ kind: 'work_order', reference: 'wo-0', startedAt: AT, completedAt: AT }]);
  });

  it('a redelivered cancellation changes nothing (the item is known to have ended)', () => {
    for (const reasonCode of ['replan', 'other'] as const) {
      const c = routed();
      c.followWorkOrder({ kind: 'cancelled', reference: 'wo-0', reasonCode, at: AT });
      const from = c.pendingFacts.length;
      expect(c.followWorkOrder({ kind: 'cancelled', reference: 'wo-0', reasonCode, at: hours(4) })).toBe(false);
      expect(c.pendingFacts).toHaveLength(from);
    }
  });

  it('after resolution a late cancellation changes nothing', () => {
    for (const c of [resolved(), confirmed(), closed()]) {
      const before = c.toSnapshot();
      expect(c.followWorkOrder({ kind: 'cancelled', reference: 'wo-9', reasonCode: 'replan', at: hours(50) })).toBe(false);
      expect(c.toSnapshot()).toEqual(before);
    }
  });

  it('a cancellation for a case never routed is refused (no work order can be its) and changes nothing', () => {
    for (const [c, code] of [
      [acknowledged(), 'replan'],
      [acknowledged(), 'other'],
      [registered(), 'other'],
      [received(), 'replan'],
    ] as Array<[ServiceRequest, 'replan' | 'other']>) {
      const before = c.toSnapshot();
      expect(() => c.followWorkOrder({ kind: 'cancelled', reference: 'wo-0', reasonCode: code, at: AT })).toThrow(
        expect.objectContaining({ code: c.status === 'acknowledged' ? 'SERVICE_REQUEST_NOT_ROUTED' : expect.stringMatching(/NOT_ROUTED|ILLEGAL_TRANSITION/) }),
      );
      expect(c.toSnapshot()).toEqual(before);
    }
  });

  it('a reopened case whose new order is cancelled for re-planning is routed again', () => {
    const c = reopened();
    c.route({ at: hours(9) });
    c.followWorkOrder({ kind: 'cancelled', reference: 'wo-2', reasonCode: 'replan', at: hours(10) });
    expect(c.status).toBe('reopened');
    expect(c.routing).toEqual({ target: 'dispatch', routedAt: hours(10), round: 3 });
  });

  it('names a blank reference in the field errors', () => {
    expect(() => routed().followWorkOrder({ kind: 'cancelled', reference: ' ', at: AT })).toThrow(
      expect.objectContaining({ code: 'SERVICE_REQUEST_INVALID', fieldErrors: [expect.objectContaining({ field: 'reference' })] }),
    );
  });
});

describe('work-order follow-up: a withdrawn case takes no more news from dispatch', () => {
  const withdrawn: Array<[string, () => ServiceRequest]> = [
    ['cancelled before routing', cancelled],
    ['cancelled in progress', cancelledInProgress],
    ['rejected', rejected],
  ];
  const news = [
    { kind: 'assigned', reference: 'wo-1' },
    { kind: 'assigned', reference: 'wo-7' },
    { kind: 'verified', reference: 'wo-1' },
    { kind: 'cancelled', reference: 'wo-1', reasonCode: 'case_cancelled' },
    { kind: 'cancelled', reference: 'wo-7', reasonCode: 'replan' },
    { kind: 'cancelled', reference: 'wo-7' },
  ] as const;

  it.each(withdrawn)('%s: every event of its orders changes nothing and records nothing', (_label, build) => {
    const c = build();
    expect(c.withdrawn).toBe(true);
    const before = c.toSnapshot();
    const recorded = c.pendingFacts.length;
    for (const n of news) expect(c.followWorkOrder({ ...n, at: hours(9) })).toBe(false);
    expect(c.toSnapshot()).toEqual(before);
    expect(c.pendingFacts).toHaveLength(recorded);
  });

  it('an open case is not withdrawn; assigned and verified still move it', () => {
    const c = routed();
    expect(c.withdrawn).toBe(false);
    c.followWorkOrder({ kind: 'assigned', reference: 'wo-1', at: minutes(30) });
    expect(c.status).toBe('in_progress');
    c.followWorkOrder({ kind: 'assigned', reference: 'wo-1', at: minutes(31) });
    expect(c.work).toHaveLength(1);
    c.followWorkOrder({ kind: 'verified', reference: 'wo-1', at: hours(5) });
    expect(c.status).toBe('resolved');
    expect(c.resolution?.summary).toBe('work order wo-1 verified');
  });

  it('verified resolves only when no other work is open', () => {
    const c = inProgress();
    c.startWork({ kind: 'claim', reference: 'qc-1', at: hours(1) });
    c.followWorkOrder({ kind: 'verified', reference: 'wo-1', at: hours(5) });
    expect(c.status).toBe('in_progress');
  });
});
