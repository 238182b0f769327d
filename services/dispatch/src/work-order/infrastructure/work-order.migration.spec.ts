import { clockStatus } from '@aftercare/sla';
import { at, hours, reach, T0 } from '../domain/__fixtures__/work-order.fixtures';
import { WorkOrder } from '../domain';
import { migrateWorkOrder, type StoredWorkOrder } from './work-order.migration';

/** A stored document of the shape before SLA clocks: the order's snapshot without them. */
const beforeClocks = (order: WorkOrder): StoredWorkOrder => {
  const { clocks: _clocks, ...legacy } = order.toSnapshot();
  return legacy;
};

describe('migrateWorkOrder', () => {
  it('leaves a document of the current shape as it is', () => {
    const snapshot = reach('on_site').toSnapshot();
    expect(migrateWorkOrder(snapshot)).toEqual(snapshot);
  });

  it('gives a document stored before clocks fixed-deadline clocks, brought to where the order stands', () => {
    const old = WorkOrder.fromSnapshot(migrateWorkOrder(beforeClocks(reach('on_site'))));
    expect(old.clocks.arrival).toMatchObject({ calendarId: '24x7', pauseInStates: [], stoppedAt: at(hours(1)), deadline: at(hours(6)) });
    expect(old.clocks.completion).toMatchObject({ calendarId: '24x7', deadline: at(hours(48)), runningSince: T0 });
    expect(old.checkDeadlines(at(hours(47)))).toEqual({ arrival: null, completion: null, technicianArranged: null });
  });

  it('holds the completion clock of a completed order, stops it once verified, and stops both on cancellation', () => {
    const completed = migrateWorkOrder(beforeClocks(reach('completed')));
    expect(completed.clocks.completion).toMatchObject({ pausedReason: 'completed_pending_qc' });
    expect(clockStatus(migrateWorkOrder(beforeClocks(reach('verified'))).clocks.completion)).toBe('stopped');
    const cancelled = migrateWorkOrder(beforeClocks(reach('cancelled')));
    expect([clockStatus(cancelled.clocks.arrival), clockStatus(cancelled.clocks.completion)]).toEqual(['stopped', 'stopped']);
  });

  it('records the breaches the document had recorded, so they are not reported again', () => {
    const late = reach('created');
    late.checkDeadlines(at(hours(50)));
    const migrated = WorkOrder.fromSnapshot(migrateWorkOrder(beforeClocks(late)));
    expect(migrated.clocks.arrival.breachedAt).toEqual(at(hours(6)));
    expect(migrated.clocks.completion.breachedAt).toEqual(at(hours(48)));
    expect(migrated.checkDeadlines(at(hours(60)))).toEqual({ arrival: null, completion: null, technicianArranged: null });
  });

  it('gives a cancellation stored before reason codes the code `other` (the agent decides), and keeps a stored one', () => {
    const { cancellation, ...rest } = reach('cancelled').toSnapshot();
    const { reasonCode: _code, ...withoutCode } = cancellation!;
    expect(migrateWorkOrder({ ...rest, cancellation: withoutCode }).cancellation).toEqual({ ...withoutCode, reasonCode: 'other' });
    const replanned = reach('created');
    replanned.cancel({ reason: 'Wrong product line', cancelledBy: 'dispatcher-1', reasonCode: 'replan' });
    expect(migrateWorkOrder(replanned.toSnapshot()).cancellation?.reasonCode).toBe('replan');
  });

  it('gives a document stored before the case terms: received when its arrival clock started, no agreement, no quality problem, fee class unknown', () => {
    const { terms: _terms, ...older } = reach('assigned').toSnapshot();
    expect(migrateWorkOrder(older).terms).toEqual({ receivedAt: T0, serviceAgreement: null, qualityProblem: false, feeClass: null });
  });
});
