import { DEFAULT_CALENDARS } from '../calendar/default-calendars';
import { DEFAULT_ESCALATION_CHAIN, DEFAULT_POLICIES } from '../policy/default-policies';
import { resolveClock } from '../policy/policy-resolution';
import { EscalationStep } from '../policy/sla-policy';
import { local, show } from '../test-support/local-time';
import { checkBreach, pauseClock, resumeClock, retarget, startClock, stopClock } from './clock-transitions';
import { dueEscalationLevel, nextEscalation } from './escalation';
import { StartableClock } from './sla-clock';

const cn = DEFAULT_CALENDARS.find((c) => c.id === 'cn-standard')!;
const allDay = DEFAULT_CALENDARS.find((c) => c.id === '24x7')!;
const chain = { escalationChain: DEFAULT_ESCALATION_CHAIN };

describe('the default chain: dispatcher at breach, service manager after 4 h, deputy GM after 1440 min overdue', () => {
  it('is the chain of docs/domain.md', () => {
    expect(DEFAULT_ESCALATION_CHAIN).toEqual([
      { afterMinutesOverdue: 0, level: 'dispatcher' },
      { afterMinutesOverdue: 240, level: 'service_manager' },
      { afterMinutesOverdue: 1440, level: 'deputy_gm' },
    ]);
  });
});

describe('on a 24x7 clock (reply due in 60 minutes at 11:00)', () => {
  const reply: StartableClock = { name: 'reply', targetMinutes: 60, calendarId: '24x7', pauseInStates: [] };
  const clock = startClock(reply, allDay, local('2025-03-03 10:00'));
  const level = (at: string) => dueEscalationLevel(clock, chain, allDay, local(at))?.level ?? null;

  it.each([
    ['2025-03-03 10:59', null],
    ['2025-03-03 11:00', null], // exactly at the deadline it is still on time
    ['2025-03-03 11:01', 'dispatcher'],
    ['2025-03-03 14:59', 'dispatcher'],
    ['2025-03-03 15:00', 'service_manager'],
    ['2025-03-04 10:59', 'service_manager'],
    ['2025-03-04 11:00', 'deputy_gm'],
    ['2025-03-10 11:00', 'deputy_gm'],
  ])('at %s: %s', (at, expected) => {
    expect(level(at)).toBe(expected);
  });

  it('reports the step index and overdue minutes so the caller can send the steps it skipped', () => {
    expect(dueEscalationLevel(clock, chain, allDay, local('2025-03-03 15:30'))).toEqual({
      step: 1,
      level: 'service_manager',
      afterMinutesOverdue: 240,
      overdueMinutes: 270,
    });
  });

  it.each([
    ['2025-03-03 10:00', 0, 'dispatcher', '2025-03-03 11:00'],
    ['2025-03-03 11:01', 1, 'service_manager', '2025-03-03 15:00'],
    ['2025-03-03 15:00', 2, 'deputy_gm', '2025-03-04 11:00'],
  ])('at %s the next escalation is step %i (%s) at %s', (at, step, lvl, dueAt) => {
    const next = nextEscalation(clock, chain, allDay, local(at));
    expect(next).toMatchObject({ step, level: lvl });
    expect(show(next!.dueAt)).toBe(dueAt);
  });

  it('has no next escalation once the chain is exhausted', () => {
    expect(nextEscalation(clock, chain, allDay, local('2025-03-04 11:00'))).toBeNull();
  });

  it('escalates nothing further once the clock is stopped, late or not', () => {
    const stopped = stopClock(clock, allDay, local('2025-03-03 16:00'));
    expect(stopped.breachedAt).not.toBeNull();
    expect(dueEscalationLevel(stopped, chain, allDay, local('2025-03-05 10:00'))).toBeNull();
    expect(nextEscalation(stopped, chain, allDay, local('2025-03-05 10:00'))).toBeNull();
  });

  it('freezes overdue time while paused, and continues after the resume', () => {
    const paused = pauseClock(clock, allDay, 'awaiting_customer', local('2025-03-03 12:00'));
    expect(dueEscalationLevel(paused, chain, allDay, local('2025-03-05 12:00'))?.level).toBe('dispatcher');
    expect(dueEscalationLevel(paused, chain, allDay, local('2025-03-05 12:00'))?.overdueMinutes).toBe(60);
    expect(nextEscalation(paused, chain, allDay, local('2025-03-05 12:00'))).toBeNull();
    const resumed = resumeClock(paused, allDay, local('2025-03-05 12:00'));
    const next = nextEscalation(resumed, chain, allDay, local('2025-03-05 12:00'));
    expect(next).toMatchObject({ level: 'service_manager' });
    expect(show(next!.dueAt)).toBe('2025-03-05 15:00'); // 60 overdue before the pause + 180 after
  });

  it('respects a custom chain whose first step waits, and sorts an unsorted one', () => {
    const custom: EscalationStep[] = [
      { afterMinutesOverdue: 120, level: 'deputy_gm' },
      { afterMinutesOverdue: 30, level: 'service_manager' },
    ];
    const at = (t: string) => dueEscalationLevel(clock, { escalationChain: custom }, allDay, local(t));
    expect(at('2025-03-03 11:20')).toBeNull();
    expect(at('2025-03-03 11:30')).toMatchObject({ step: 0, level: 'service_manager' });
    expect(at('2025-03-03 13:00')).toMatchObject({ step: 1, level: 'deputy_gm' });
    expect(show(nextEscalation(clock, { escalationChain: custom }, allDay, local('2025-03-03 10:00'))!.dueAt)).toBe('2025-03-03 11:30');
  });

  it('escalates at once after a retarget that leaves the clock already overdue', () => {
    const tightened = retarget(checkBreach(clock, local('2025-03-03 10:30')).clock, 20, allDay, local('2025-03-03 10:30'));
    expect(dueEscalationLevel(tightened, chain, allDay, local('2025-03-03 10:30'))).toMatchObject({ level: 'dispatcher', overdueMinutes: 10 });
    expect(show(nextEscalation(tightened, chain, allDay, local('2025-03-03 10:30'))!.dueAt)).toBe('2025-03-03 14:20');
  });
});

describe('on a business-hours clock, overdue time is business time', () => {
  // 6 working hours arrival from Friday 15:00 → due Monday 12:00
  const def = resolveClock(DEFAULT_POLICIES, { tenantId: 't', zone: 'city' }, 'arrival')!;
  const clock = startClock(def, cn, local('2025-03-07 15:00'));

  it.each([
    ['Monday 12:30, during lunch: breached, 0 business minutes overdue', '2025-03-10 12:30', 'dispatcher', 0],
    ['Monday 16:59', '2025-03-10 16:59', 'dispatcher', 239],
    ['Monday 17:00: 240 business minutes', '2025-03-10 17:00', 'service_manager', 240],
    ['Thursday 11:59', '2025-03-13 11:59', 'service_manager', 1439],
    ['Thursday 12:00: three working days', '2025-03-13 12:00', 'deputy_gm', 1440],
  ])('%s', (_why, at, level, overdue) => {
    expect(dueEscalationLevel(clock, def, cn, local(at))).toMatchObject({ level, overdueMinutes: overdue });
  });

  it('does not climb the chain over a weekend', () => {
    const friday = startClock(def, cn, local('2025-03-07 10:00')); // due Friday 17:00
    expect(show(friday.deadline)).toBe('2025-03-07 17:00');
    expect(dueEscalationLevel(friday, def, cn, local('2025-03-09 20:00'))).toMatchObject({ level: 'dispatcher', overdueMinutes: 30 });
    expect(show(nextEscalation(friday, def, cn, local('2025-03-09 20:00'))!.dueAt)).toBe('2025-03-10 12:00');
  });

  it('gives the scheduler the instants of the coming levels', () => {
    expect(show(nextEscalation(clock, def, cn, local('2025-03-07 15:00'))!.dueAt)).toBe('2025-03-10 12:00');
    expect(show(nextEscalation(clock, def, cn, local('2025-03-10 12:30'))!.dueAt)).toBe('2025-03-10 17:00');
    expect(show(nextEscalation(clock, def, cn, local('2025-03-10 17:00'))!.dueAt)).toBe('2025-03-13 12:00');
  });
});
