import { DEFAULT_CALENDARS } from '../calendar/default-calendars';
import { SlaError } from '../errors';
import { DEFAULT_ESCALATION_CHAIN, DEFAULT_POLICIES } from '../policy/default-policies';
import { resolveClock } from '../policy/policy-resolution';
import { SlaPolicy } from '../policy/sla-policy';
import { local, show } from '../test-support/local-time';
import { consumedMinutes, isBreached, overdueMinutes, remainingMinutes } from './clock-queries';
import { checkBreach, onStateChange, pauseClock, resumeClock, retarget, startClock, stopClock } from './clock-transitions';
import { reviveClock } from './revive-clock';
import { SlaClock, StartableClock, clockStatus, metTarget, wasNewlyBreached } from './sla-clock';

const cn = DEFAULT_CALENDARS.find((c) => c.id === 'cn-standard')!;
const allDay = DEFAULT_CALENDARS.find((c) => c.id === '24x7')!;

const completion: StartableClock = { name: 'completion', targetMinutes: 960, calendarId: 'cn-standard', pauseInStates: ['awaiting_parts', 'awaiting_customer'] };
const reply60: StartableClock = { name: 'reply', targetMinutes: 60, calendarId: '24x7', pauseInStates: [] };
const kinds = (clock: SlaClock) => clock.history.map((h) => h.kind);

describe('startClock', () => {
  it('starts a 24 h reply clock on calendar time', () => {
    const clock = startClock(resolveClock(DEFAULT_POLICIES, { tenantId: 't' }, 'reply')!, allDay, local('2025-03-08 10:00'));
    expect(show(clock.deadline)).toBe('2025-03-09 10:00');
    expect(clock).toMatchObject({ name: 'reply', policyId: 'default', targetMinutes: 1440, calendarId: '24x7', elapsedMinutes: 0, breachedAt: null });
    expect(clockStatus(clock)).toBe('running');
    expect(clock.history).toEqual([{ at: local('2025-03-08 10:00'), kind: 'started', elapsedMinutes: 0, detail: 'target 1440 min on 24x7' }]);
  });

  it('starts a 6 working hours city arrival clock on Friday afternoon, due Monday noon', () => {
    const def = resolveClock(DEFAULT_POLICIES, { tenantId: 't', zone: 'city', caseType: 'repair' }, 'arrival')!;
    const clock = startClock(def, cn, local('2025-03-07 15:00'));
    expect(show(clock.deadline)).toBe('2025-03-10 12:00');
  });

  it('starts paused when the aggregate is already in a pause state', () => {
    const clock = startClock(completion, cn, local('2025-03-03 09:00'), 'awaiting_parts');
    expect(clockStatus(clock)).toBe('paused');
    expect(clock).toMatchObject({ pausedReason: 'awaiting_parts', deadline: null, elapsedMinutes: 0 });
    expect(kinds(clock)).toEqual(['started', 'paused']);
    expect(clockStatus(startClock(completion, cn, local('2025-03-03 09:00'), 'in_progress'))).toBe('running');
  });

  it('refuses a calendar other than the definition names, and a non-positive target', () => {
    expect(() => startClock(completion, allDay, local('2025-03-03 09:00'))).toThrow(expect.objectContaining({ code: 'SLA_CALENDAR_MISMATCH' }));
    expect(() => startClock({ ...reply60, targetMinutes: 0 }, allDay, local('2025-03-03 09:00'))).toThrow(SlaError);
  });

  it('does not keep a reference to the caller’s Date', () => {
    const at = local('2025-03-03 09:00');
    const clock = startClock(reply60, allDay, at);
    at.setUTCFullYear(2000);
    expect(show(clock.startedAt)).toBe('2025-03-03 09:00');
  });
});

describe('pause and resume (awaiting parts over two nights)', () => {
  const started = startClock(completion, cn, local('2025-03-03 09:00')); // Monday
  const paused = onStateChange(started, completion, cn, 'awaiting_parts', local('2025-03-03 11:00'));
  const resumed = onStateChange(paused, completion, cn, 'in_progress', local('2025-03-05 14:00'));

  it('is due Wednesday 09:00 when nothing pauses it', () => {
    expect(show(started.deadline)).toBe('2025-03-05 09:00');
  });

  it('freezes the consumed time while paused and has no deadline', () => {
    expect(paused).toMatchObject({ elapsedMinutes: 120, runningSince: null, pausedReason: 'awaiting_parts', deadline: null });
    expect(consumedMinutes(paused, cn, local('2025-03-04 16:00'))).toBe(120);
    expect(remainingMinutes(paused, cn, local('2025-03-05 13:59'))).toBe(840);
    expect(checkBreach(paused, local('2025-03-06 09:00')).breached).toBe(false);
  });

  it('resumes with the remaining 840 minutes: due Friday 11:00 instead of Wednesday 09:00', () => {
    expect(resumed).toMatchObject({ elapsedMinutes: 120, pausedReason: null });
    expect(show(resumed.runningSince)).toBe('2025-03-05 14:00');
    expect(show(resumed.deadline)).toBe('2025-03-07 11:00');
    expect(remainingMinutes(resumed, cn, local('2025-03-06 08:30'))).toBe(840 - 210);
  });

  it('stops on time and records the business minutes used', () => {
    const stopped = stopClock(resumed, cn, local('2025-03-07 10:00'), 'service report signed');
    expect(stopped).toMatchObject({ elapsedMinutes: 900, runningSince: null, breachedAt: null });
    expect(show(stopped.deadline)).toBe('2025-03-07 11:00');
    expect(metTarget(stopped)).toBe(true);
    expect(stopped.history.map((h) => [h.kind, show(h.at), h.elapsedMinutes, h.detail])).toEqual([
      ['started', '2025-03-03 09:00', 0, 'target 960 min on cn-standard'],
      ['paused', '2025-03-03 11:00', 120, 'awaiting_parts'],
      ['resumed', '2025-03-05 14:00', 120, 'awaiting_parts'],
      ['stopped', '2025-03-07 10:00', 900, 'service report signed'],
    ]);
  });

  it('loses nothing when paused at closing time and resumed at opening time', () => {
    const c1 = pauseClock(started, cn, 'awaiting_parts', local('2025-03-03 17:30'));
    const c2 = resumeClock(c1, cn, local('2025-03-04 08:30'));
    expect(c1.elapsedMinutes).toBe(450);
    expect(c2.deadline).toEqual(started.deadline);
  });

  it('never mutates the clock it was given', () => {
    const snapshot = structuredClone(started);
    pauseClock(started, cn, 'x', local('2025-03-03 10:00'));
    retarget(started, 10, cn, local('2025-03-03 10:00'));
    stopClock(started, cn, local('2025-03-03 10:00'));
    checkBreach(started, local('2025-03-09 10:00'));
    expect(started).toEqual(snapshot);
  });
});

describe('onStateChange', () => {
  const running = startClock(completion, cn, local('2025-03-03 09:00'));

  it('ignores states that do not pause, returning the same clock', () => {
    expect(onStateChange(running, completion, cn, 'on_site', local('2025-03-03 10:00'))).toBe(running);
  });

  it('is idempotent for a redelivered state change', () => {
    const paused = onStateChange(running, completion, cn, 'awaiting_parts', local('2025-03-03 10:00'));
    expect(onStateChange(paused, completion, cn, 'awaiting_parts', local('2025-03-03 10:05'))).toBe(paused);
  });

  it('stays paused when moving between two pause states, under the new reason', () => {
    const parts = onStateChange(running, completion, cn, 'awaiting_parts', local('2025-03-03 10:00'));
    const customer = onStateChange(parts, completion, cn, 'awaiting_customer', local('2025-03-03 15:00'));
    expect(customer).toMatchObject({ pausedReason: 'awaiting_customer', elapsedMinutes: 60, deadline: null });
    expect(kinds(customer)).toEqual(['started', 'paused', 'paused']);
    const back = onStateChange(customer, completion, cn, 'in_progress', local('2025-03-04 08:30'));
    expect(clockStatus(back)).toBe('running');
    expect(back.elapsedMinutes).toBe(60);
  });

  it('leaves a manual hold alone until resumeClock ends it', () => {
    const held = pauseClock(running, cn, 'customer asked to wait', local('2025-03-03 10:00'));
    expect(onStateChange(held, completion, cn, 'in_progress', local('2025-03-03 11:00'))).toBe(held);
    expect(onStateChange(held, completion, cn, 'awaiting_parts', local('2025-03-03 11:00'))).toBe(held);
    expect(clockStatus(resumeClock(held, cn, local('2025-03-03 12:00')))).toBe('running');
  });

  it('does nothing to a stopped clock', () => {
    const stopped = stopClock(running, cn, local('2025-03-03 10:00'));
    expect(onStateChange(stopped, completion, cn, 'awaiting_parts', local('2025-03-03 11:00'))).toBe(stopped);
    expect(resumeClock(stopped, cn, local('2025-03-03 11:00'))).toBe(stopped);
    expect(pauseClock(stopped, cn, 'x', local('2025-03-03 11:00'))).toBe(stopped);
    expect(stopClock(stopped, cn, local('2025-03-03 12:00'))).toBe(stopped);
    expect(retarget(stopped, 10, cn, local('2025-03-03 12:00'))).toBe(stopped);
  });

  it('does not let time run backwards: an earlier instant counts as the last event’s', () => {
    const paused = pauseClock(running, cn, 'awaiting_parts', local('2025-03-03 11:00'));
    const resumed = resumeClock(paused, cn, local('2025-03-03 10:00'));
    expect(show(resumed.runningSince)).toBe('2025-03-03 11:00');
    expect(resumed.deadline).toEqual(running.deadline);
  });
});

describe('retarget: priority change mid-clock keeps the elapsed business time', () => {
  const policies: SlaPolicy[] = [
    {
      id: 't1-p3',
      tenantId: 't1',
      priority: 'P3',
      clocks: { arrival: { targetMinutes: 960, calendarId: 'cn-standard', pauseInStates: [], escalationChain: DEFAULT_ESCALATION_CHAIN } },
    },
    {
      id: 't1-p1',
      tenantId: 't1',
      priority: 'P1',
      clocks: { arrival: { targetMinutes: 240, calendarId: 'cn-standard', pauseInStates: [], escalationChain: DEFAULT_ESCALATION_CHAIN } },
    },
    {
      id: 't1-premium',
      tenantId: 't1',
      agreement: 'premium',
      clocks: { arrival: { targetMinutes: 480, calendarId: '24x7', pauseInStates: [], escalationChain: DEFAULT_ESCALATION_CHAIN } },
    },
  ];
  const p3 = resolveClock(policies, { tenantId: 't1', priority: 'P3' }, 'arrival')!;
  const p1 = resolveClock(policies, { tenantId: 't1', priority: 'P1' }, 'arrival')!;
  const started = startClock(p3, cn, local('2025-03-03 09:00'));
  const raised = retarget(started, p1.targetMinutes, cn, local('2025-03-03 11:00'), { policyId: p1.policyId, detail: 'priority P3 → P1' });

  it('P3 → P1 after 120 minutes: 120 of 240 remain, due 14:00 across lunch', () => {
    expect(show(started.deadline)).toBe('2025-03-05 09:00');
    expect(raised).toMatchObject({ targetMinutes: 240, elapsedMinutes: 120, policyId: 't1-p1', breachedAt: null });
    expect(show(raised.deadline)).toBe('2025-03-03 14:00');
    expect(remainingMinutes(raised, cn, local('2025-03-03 11:00'))).toBe(120);
    expect(raised.history[1]).toEqual({
      at: local('2025-03-03 11:00'),
      kind: 'retargeted',
      elapsedMinutes: 120,
      detail: 'target 960 → 240 min; priority P3 → P1',
    });
  });

  it('P1 → P3 again gives back the original deadline: no time lost or gained', () => {
    const lowered = retarget(raised, 960, cn, local('2025-03-03 13:30'), { policyId: 't1-p3' });
    expect(lowered.elapsedMinutes).toBe(210);
    expect(lowered.deadline).toEqual(started.deadline);
    expect(kinds(lowered)).toEqual(['started', 'retargeted', 'retargeted']);
  });

  it('a target tightened below the time already used breaches at once, not retroactively', () => {
    const tightened = retarget(started, 240, cn, local('2025-03-04 09:00'));
    expect(tightened.elapsedMinutes).toBe(480);
    expect(show(tightened.deadline)).toBe('2025-03-04 09:00');
    expect(show(tightened.breachedAt)).toBe('2025-03-04 09:00');
    expect(wasNewlyBreached(started, tightened)).toBe(true);
    expect(tightened.history.at(-1)).toMatchObject({ kind: 'breached', elapsedMinutes: 480, detail: 'target already exceeded' });
    expect(overdueMinutes(tightened, cn, local('2025-03-04 10:00'))).toBe(300);
  });

  it('a target tightened to exactly the time already used is due now but not yet breached', () => {
    const exact = retarget(started, 120, cn, local('2025-03-03 11:00'));
    expect(exact.breachedAt).toBeNull();
    expect(show(exact.deadline)).toBe('2025-03-03 11:00');
    expect(checkBreach(exact, local('2025-03-03 11:01')).breached).toBe(true);
  });

  it('a looser target does not erase a breach already recorded', () => {
    const late = checkBreach(startClock(reply60, allDay, local('2025-03-03 10:00')), local('2025-03-03 11:30')).clock;
    const loosened = retarget(late, 1440, allDay, local('2025-03-03 12:00'));
    expect(show(loosened.breachedAt)).toBe('2025-03-03 11:00');
    expect(show(loosened.deadline)).toBe('2025-03-04 10:00');
    expect(kinds(loosened)).toEqual(['started', 'breached', 'retargeted']);
  });

  it('a breach that happened before the change is recorded under the old target first', () => {
    const unnoticed = startClock(reply60, allDay, local('2025-03-03 10:00'));
    const loosened = retarget(unnoticed, 1440, allDay, local('2025-03-03 12:00'));
    expect(show(loosened.breachedAt)).toBe('2025-03-03 11:00');
    expect(kinds(loosened)).toEqual(['started', 'breached', 'retargeted']);
  });

  it('switches calendar on a policy change (premium is 8 h of calendar time) keeping the elapsed minutes', () => {
    const premium = resolveClock(policies, { tenantId: 't1', priority: 'P3', agreement: 'premium' }, 'arrival')!;
    const switched = retarget(started, premium.targetMinutes, cn, local('2025-03-03 11:00'), { newCalendar: allDay, policyId: premium.policyId });
    expect(switched).toMatchObject({ calendarId: '24x7', elapsedMinutes: 120, targetMinutes: 480 });
    expect(show(switched.deadline)).toBe('2025-03-03 17:00');
    expect(switched.history.at(-1)?.detail).toBe('target 960 → 480 min; calendar cn-standard → 24x7');
    expect(() => stopClock(switched, cn, local('2025-03-03 12:00'))).toThrow(expect.objectContaining({ code: 'SLA_CALENDAR_MISMATCH' }));
    expect(consumedMinutes(switched, allDay, local('2025-03-03 12:00'))).toBe(180);
  });

  it('while paused only changes the target; the resume uses it', () => {
    const paused = pauseClock(started, cn, 'awaiting_customer', local('2025-03-03 11:00'));
    const changed = retarget(paused, 240, cn, local('2025-03-04 10:00'));
    expect(changed).toMatchObject({ targetMinutes: 240, elapsedMinutes: 120, deadline: null, pausedReason: 'awaiting_customer' });
    expect(show(resumeClock(changed, cn, local('2025-03-05 09:00')).deadline)).toBe('2025-03-05 11:00');
  });

  it('is a no-op when nothing changes', () => {
    expect(retarget(started, 960, cn, local('2025-03-03 11:00'))).toBe(started);
  });
});

describe('breach detection', () => {
  const clock = startClock(reply60, allDay, local('2025-03-03 10:00'));

  it('is not breached before or exactly at the deadline', () => {
    expect(checkBreach(clock, local('2025-03-03 10:59'))).toEqual({ clock, breached: false });
    expect(checkBreach(clock, local('2025-03-03 11:00'))).toEqual({ clock, breached: false });
    expect(isBreached(clock, local('2025-03-03 11:00'))).toBe(false);
  });

  it('reports the breach once, at the deadline rather than when it was noticed', () => {
    const first = checkBreach(clock, new Date(local('2025-03-03 11:00').getTime() + 1));
    expect(first.breached).toBe(true);
    expect(show(first.clock.breachedAt)).toBe('2025-03-03 11:00');
    const late = checkBreach(clock, local('2025-03-03 15:00'));
    expect(late.clock.breachedAt).toEqual(first.clock.breachedAt);

    const again = checkBreach(first.clock, local('2025-03-03 16:00'));
    expect(again.breached).toBe(false);
    expect(again.clock).toBe(first.clock);
    expect(kinds(again.clock)).toEqual(['started', 'breached']);
    expect(again.clock.history[1]).toEqual({ at: local('2025-03-03 11:00'), kind: 'breached', elapsedMinutes: 60 });
  });

  it('keeps running after the breach so overdue time can be measured', () => {
    const breached = checkBreach(clock, local('2025-03-03 12:00')).clock;
    expect(clockStatus(breached)).toBe('running');
    expect(remainingMinutes(breached, allDay, local('2025-03-03 12:30'))).toBe(-90);
    expect(overdueMinutes(breached, allDay, local('2025-03-03 12:30'))).toBe(90);
  });

  it('on a business-hours clock, breaches by the wall clock after closing time though no business minute passed', () => {
    const arrival = startClock({ ...completion, name: 'arrival', targetMinutes: 480 }, cn, local('2025-03-03 08:30'));
    expect(show(arrival.deadline)).toBe('2025-03-03 17:30');
    const result = checkBreach(arrival, local('2025-03-03 18:00'));
    expect(result.breached).toBe(true);
    expect(remainingMinutes(result.clock, cn, local('2025-03-03 18:00'))).toBe(0);
  });

  it('records a breach nobody checked when the clock stops late', () => {
    const stopped = stopClock(clock, allDay, local('2025-03-03 11:30'));
    expect(show(stopped.breachedAt)).toBe('2025-03-03 11:00');
    expect(kinds(stopped)).toEqual(['started', 'breached', 'stopped']);
    expect(metTarget(stopped)).toBe(false);
    expect(wasNewlyBreached(clock, stopped)).toBe(true);
  });

  it('counts a stop exactly at the deadline as on time', () => {
    const stopped = stopClock(clock, allDay, local('2025-03-03 11:00'));
    expect(stopped.breachedAt).toBeNull();
    expect(metTarget(stopped)).toBe(true);
    expect(checkBreach(stopped, local('2025-03-05 11:00')).breached).toBe(false);
  });

  it('records a breach before a pause that comes after the deadline', () => {
    const paused = pauseClock(clock, allDay, 'awaiting_customer', local('2025-03-03 11:20'));
    expect(kinds(paused)).toEqual(['started', 'breached', 'paused']);
    expect(paused.elapsedMinutes).toBe(80);
    expect(metTarget(paused)).toBeNull();
  });
});

describe('reviveClock', () => {
  it('restores a clock that went through JSON', () => {
    let clock = startClock(completion, cn, local('2025-03-03 09:00'));
    clock = pauseClock(clock, cn, 'awaiting_parts', local('2025-03-03 10:00'));
    clock = resumeClock(clock, cn, local('2025-03-04 10:00'));
    clock = checkBreach(retarget(clock, 30, cn, local('2025-03-04 10:00')), local('2025-03-04 11:00')).clock;
    const revived = reviveClock(JSON.parse(JSON.stringify(clock)));
    expect(revived).toEqual(clock);
    expect(revived.deadline).toBeInstanceOf(Date);
  });

  it('rejects what is not a clock', () => {
    expect(() => reviveClock(null)).toThrow(SlaError);
    expect(() => reviveClock({ name: 'lunch' })).toThrow(/unknown clock name/);
    const valid = JSON.parse(JSON.stringify(startClock(reply60, allDay, local('2025-03-03 10:00'))));
    expect(() => reviveClock({ ...valid, startedAt: 'yesterday' })).toThrow(/startedAt is not a date/);
  });
});
