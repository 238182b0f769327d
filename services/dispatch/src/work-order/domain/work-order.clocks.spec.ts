import { clockStatus, DEFAULT_CALENDARS, DEFAULT_POLICIES, metTarget, resolveClock } from '@aftercare/sla';
import { at, hours, minutes, T0 } from './__fixtures__/work-order.fixtures';
import { COMPLETED_HOLD, fixedDeadlineClock, mirroredDeadlines, startWorkOrderClocks, workOrderClocks, type WorkOrderClocks } from './work-order.clocks';

const calendars = DEFAULT_CALENDARS;
const criteria = { tenantId: 'tenant-a', caseType: 'repair', zone: 'city' as const };
const policy = { arrival: resolveClock(DEFAULT_POLICIES, criteria, 'arrival')!, completion: resolveClock(DEFAULT_POLICIES, criteria, 'completion')! };
/** Shanghai local time of 2025-05 (UTC+8). */
const sh = (day: number, hhmm: string) => new Date(`2025-05-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

const fixed = (): WorkOrderClocks => ({
  arrival: fixedDeadlineClock('arrival', T0, at(hours(6))),
  completion: fixedDeadlineClock('completion', T0, at(hours(48))),
});
const policyClocks = (): WorkOrderClocks => {
  const clocks = startWorkOrderClocks({ clocks: { ...policy, startedAt: T0 } }, calendars, T0, []);
  if (!clocks) throw new Error('policy clocks did not start');
  return clocks;
};

describe('work-order SLA clocks', () => {
  describe('startWorkOrderClocks', () => {
    it('starts the policy clocks at the routing on their calendars', () => {
      const clocks = policyClocks();
      expect(clocks.arrival.deadline).toEqual(sh(12, '17:00'));
      expect(clocks.completion).toMatchObject({ calendarId: 'cn-standard', deadline: sh(14, '10:00'), pauseInStates: ['awaiting_parts', 'awaiting_customer'] });
    });

    it('or fixed deadlines: calendar-time clocks that never pause, due exactly then', () => {
      const clocks = startWorkOrderClocks({ arrivalDeadline: at(hours(6)), completionDeadline: at(hours(48)) }, calendars, T0, [])!;
      expect(clocks.arrival).toMatchObject({ calendarId: '24x7', deadline: at(hours(6)), pauseInStates: [] });
      expect(clocks.completion.deadline).toEqual(at(hours(48)));
    });

    it('names what it cannot start: a missing or inverted deadline, an unknown calendar, a bad start', () => {
      const errors: string[] = [];
      expect(startWorkOrderClocks({ arrivalDeadline: at(hours(6)), completionDeadline: at(hours(1)) }, calendars, T0, errors)).not.toBeNull();
      expect(errors).toEqual(['completionDeadline']);
      const missing: string[] = [];
      expect(startWorkOrderClocks({}, calendars, T0, missing)).toBeNull();
      expect(missing).toEqual(['arrivalDeadline', 'completionDeadline']);
      const mars: string[] = [];
      expect(startWorkOrderClocks({ clocks: { ...policy, completion: { ...policy.completion, calendarId: 'mars' } } }, calendars, T0, mars)).toBeNull();
      expect(mars).toEqual(['clocks.completion']);
      const badStart: string[] = [];
      expect(startWorkOrderClocks({ clocks: { ...policy, startedAt: new Date('x') } }, calendars, T0, badStart)).toBeNull();
      expect(badStart).toEqual(['clocks.startedAt']);
    });
  });

  it('pauses a clock in its pause states and resumes it when they are left', () => {
    const running = policyClocks();
    const paused = workOrderClocks.enterState(running, calendars, 'awaiting_parts', sh(12, '11:30'));
    expect(paused.completion).toMatchObject({ pausedReason: 'awaiting_parts', elapsedMinutes: 90, deadline: null });
    // The arrival clock does not pause for parts: the very same clock, nothing to save.
    expect(paused.arrival).toBe(running.arrival);
    const resumed = workOrderClocks.enterState(paused, calendars, 'in_progress', sh(19, '10:00'));
    expect(resumed.completion).toMatchObject({ pausedReason: null, elapsedMinutes: 90, deadline: sh(20, '17:30') });
  });

  it('stops the arrival clock on arrival, on time or not', () => {
    const before = fixed();
    const onTime = workOrderClocks.arrived(before, calendars, at(hours(1)));
    expect([clockStatus(onTime.arrival), metTarget(onTime.arrival)]).toEqual(['stopped', true]);
    expect(onTime.completion).toBe(before.completion);
    expect(metTarget(workOrderClocks.arrived(fixed(), calendars, at(hours(7))).arrival)).toBe(false);
  });

  it('holds the completion clock from the report to QC; a rework releases it, verification stops it', () => {
    const held = workOrderClocks.completed(fixed(), calendars, at(hours(4)));
    expect(held.completion).toMatchObject({ pausedReason: COMPLETED_HOLD, deadline: null });
    // A state change does not end the hold: only a rework does.
    expect(workOrderClocks.enterState(held, calendars, 'verified', at(hours(5))).completion.pausedReason).toBe(COMPLETED_HOLD);
    const reopened = workOrderClocks.reopened(held, calendars, at(hours(10)));
    expect(reopened.completion).toMatchObject({ pausedReason: null, deadline: at(hours(54)) });
    expect(clockStatus(workOrderClocks.verified(held, calendars, at(hours(5))).completion)).toBe('stopped');
  });

  it('stops both clocks on cancellation', () => {
    const cancelled = workOrderClocks.cancelled(fixed(), calendars, at(hours(1)));
    expect([clockStatus(cancelled.arrival), clockStatus(cancelled.completion)]).toEqual(['stopped', 'stopped']);
  });

  it('records the breaches found on the clocks they belong to, at their deadlines', () => {
    const settled = workOrderClocks.settle(fixed(), { arrival: true, completion: false }, at(hours(7)));
    expect(settled.arrival.breachedAt).toEqual(at(hours(6)));
    expect(settled.completion.breachedAt ?? null).toBeNull();
  });

  it('mirrors the deadlines: the arrival one kept once its clock stops, the completion one null while held', () => {
    const held = workOrderClocks.completed(workOrderClocks.arrived(fixed(), calendars, at(hours(1))), calendars, at(hours(4)));
    expect(mirroredDeadlines(held, at(hours(6)))).toEqual({ arrivalDeadline: at(hours(6)), completionDeadline: null });
    expect(mirroredDeadlines(fixed(), at(minutes(1)))).toEqual({ arrivalDeadline: at(hours(6)), completionDeadline: at(hours(48)) });
  });
});
