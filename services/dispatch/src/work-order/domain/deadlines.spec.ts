import { DEFAULT_CALENDARS, findCalendar, onStateChange, startClock, stopClock, type SlaClock } from '@aftercare/sla';
import { at, hours, minutes, T0 } from './__fixtures__/work-order.fixtures';
import { checkOverdue, DeadlineSubject, nextDeadlineCheckAt } from './deadlines';
import { fixedDeadlineClock } from './work-order.clocks';

const subject = (overrides: Partial<DeadlineSubject> = {}): DeadlineSubject => ({
  status: 'accepted',
  clocks: { arrival: fixedDeadlineClock('arrival', T0, at(hours(6))), completion: fixedDeadlineClock('completion', T0, at(hours(24))) },
  arrivedAt: null,
  completedAt: null,
  arrivalBreachedAt: null,
  completionOverdueAt: null,
  ...overrides,
});

/** The subject with its arrival clock stopped at `arrivedAt` (as the order does on arrival). */
const arrived = (arrivedAt: Date, overrides: Partial<DeadlineSubject> = {}): DeadlineSubject => {
  const base = subject(overrides);
  const allDay = findCalendar(DEFAULT_CALENDARS, '24x7');
  return { ...base, status: overrides.status ?? 'on_site', arrivedAt, clocks: { ...base.clocks, arrival: stopClock(base.clocks.arrival, allDay, arrivedAt) } };
};

describe('checkOverdue', () => {
  it('reports nothing before and exactly at the deadlines', () => {
    expect(checkOverdue(subject(), at(hours(6)))).toEqual({ arrival: null, completion: null, technicianArranged: null });
  });

  it('arrival: breached once the deadline passes without the technician on site', () => {
    expect(checkOverdue(subject(), at(hours(6) + 1)).arrival).toEqual({
      deadline: at(hours(6)),
      actualAt: null,
      minutesLate: 1,
    });
    expect(checkOverdue(subject({ status: 'en_route' }), at(hours(8))).arrival?.minutesLate).toBe(120);
  });

  it('arrival: on site by the deadline is never breached, whatever the time now', () => {
    expect(checkOverdue(arrived(at(hours(6))), at(hours(9))).arrival).toBeNull();
  });

  it('arrival: a late arrival is a breach measured at the arrival', () => {
    expect(checkOverdue(arrived(at(hours(6) + minutes(45)), { status: 'in_progress' }), at(hours(20))).arrival).toEqual({
      deadline: at(hours(6)),
      actualAt: at(hours(6) + minutes(45)),
      minutesLate: 45,
    });
  });

  it('completion: overdue when not completed by the deadline (a running clock)', () => {
    expect(checkOverdue(arrived(at(1), { status: 'in_progress' }), at(hours(25))).completion).toEqual({
      deadline: at(hours(24)),
      actualAt: null,
      minutesLate: 60,
    });
  });

  it('completion: completed in time is never overdue; completed late is', () => {
    const allDay = findCalendar(DEFAULT_CALENDARS, '24x7');
    const doneAt = (t: Date): DeadlineSubject => {
      const s = arrived(at(1), { status: 'verified', completedAt: t });
      return { ...s, clocks: { ...s.clocks, completion: stopClock(s.clocks.completion, allDay, t) } };
    };
    expect(checkOverdue(doneAt(at(hours(24))), at(hours(99))).completion).toBeNull();
    expect(checkOverdue(doneAt(at(hours(25))), at(hours(99))).completion).toEqual({
      deadline: at(hours(24)),
      actualAt: at(hours(25)),
      minutesLate: 60,
    });
  });

  it('reports each breach only once (already recorded → nothing)', () => {
    const recorded = subject({ arrivalBreachedAt: at(hours(7)), completionOverdueAt: at(hours(25)) });
    expect(checkOverdue(recorded, at(hours(99)))).toEqual({ arrival: null, completion: null, technicianArranged: null });
    expect(checkOverdue(subject({ arrivalBreachedAt: at(hours(7)) }), at(hours(99))).completion).not.toBeNull();
  });

  it('a cancelled order breaches nothing new', () => {
    expect(checkOverdue(subject({ status: 'cancelled' }), at(hours(99)))).toEqual({ arrival: null, completion: null, technicianArranged: null });
  });
});

describe('checkOverdue with a clock that pauses in awaiting_parts (libs/sla)', () => {
  // Monday 12 May 2025 10:00 Shanghai; 2 working days on cn-standard (08:30–12:00, 13:00–17:30).
  const cn = findCalendar(DEFAULT_CALENDARS, 'cn-standard');
  const def = { name: 'completion' as const, targetMinutes: 960, calendarId: 'cn-standard', pauseInStates: ['awaiting_parts'] };
  const started = startClock(def, cn, T0);
  const withCompletion = (completion: SlaClock, status: DeadlineSubject['status']): DeadlineSubject => ({
    ...arrived(at(1), { status }),
    clocks: { ...arrived(at(1)).clocks, completion },
  });
  // 1 h of work (10:00–11:00), then parts are awaited for eight days.
  const paused = onStateChange(started, def, cn, 'awaiting_parts', at(hours(1)));
  const resumed = onStateChange(paused, def, cn, 'in_progress', at(hours(24 * 8)));

  it('does not breach while paused, however long the wait', () => {
    expect(started.deadline).toEqual(new Date('2025-05-14T02:00:00.000Z')); // Wednesday 10:00
    expect(checkOverdue(withCompletion(paused, 'awaiting_parts'), at(hours(24 * 7))).completion).toBeNull();
    expect(nextDeadlineCheckAt(withCompletion(paused, 'awaiting_parts'))).toBeNull();
  });

  it('breaches once the remaining 900 working minutes after the resume run out', () => {
    // Resumed Tuesday 20 May 10:00: 900 min left → Thursday 22 May 09:00.
    expect(resumed.deadline).toEqual(new Date('2025-05-22T01:00:00.000Z'));
    const s = withCompletion(resumed, 'in_progress');
    expect(nextDeadlineCheckAt(s)).toEqual(new Date(resumed.deadline!.getTime() + 1));
    expect(checkOverdue(s, resumed.deadline!).completion).toBeNull();
    expect(checkOverdue(s, new Date(resumed.deadline!.getTime() + minutes(10)))).toEqual({
      arrival: null,
      completion: { deadline: resumed.deadline, actualAt: null, minutesLate: 10 },
      technicianArranged: null,
    });
  });

  it('a pause after an unnoticed deadline keeps the breach: due for a check at once', () => {
    const late = onStateChange(started, def, cn, 'awaiting_parts', new Date('2025-05-15T02:00:00.000Z'));
    expect(late.breachedAt).toEqual(started.deadline);
    const s = withCompletion(late, 'awaiting_parts');
    expect(nextDeadlineCheckAt(s)).toEqual(started.deadline);
    expect(checkOverdue(s, new Date('2025-05-16T02:00:00.000Z')).completion?.deadline).toEqual(started.deadline);
    expect(nextDeadlineCheckAt({ ...s, completionOverdueAt: new Date('2025-05-16T02:00:00.000Z') })).toBeNull();
  });
});

describe('nextDeadlineCheckAt', () => {
  it('is the instant after the earliest running deadline whose breach is not recorded', () => {
    expect(nextDeadlineCheckAt(subject())).toEqual(new Date(at(hours(6)).getTime() + 1));
    expect(nextDeadlineCheckAt(subject({ arrivalBreachedAt: at(hours(7)) }))).toEqual(new Date(at(hours(24)).getTime() + 1));
    expect(nextDeadlineCheckAt(arrived(at(hours(1))))).toEqual(new Date(at(hours(24)).getTime() + 1));
  });

  it('is null for closed and cancelled orders', () => {
    expect(nextDeadlineCheckAt(subject({ status: 'cancelled' }))).toBeNull();
    expect(nextDeadlineCheckAt(subject({ status: 'closed' }))).toBeNull();
  });
});

describe('the technician-arranged clock (24 h from routing, stopped when a technician accepts)', () => {
  const allDay = findCalendar(DEFAULT_CALENDARS, '24x7');
  const arranging = startClock({ name: 'technician_arranged', targetMinutes: 24 * 60, calendarId: '24x7', pauseInStates: [] }, allDay, T0);
  const withArranging = (clock: SlaClock, overrides: Partial<DeadlineSubject> = {}): DeadlineSubject => {
    const base = subject({ status: 'created', ...overrides });
    return { ...base, clocks: { ...base.clocks, technicianArranged: clock } };
  };
  // The arrival and completion breaches are recorded already: only the arrangement is looked at.
  const quiet = { arrivalBreachedAt: at(hours(6)), completionOverdueAt: at(hours(24)) };

  it('breaches one minute late a millisecond after the 24 h with nobody accepting; exactly at 24 h is in time', () => {
    const s = withArranging(arranging, quiet);
    expect(checkOverdue(s, at(hours(24))).technicianArranged).toBeNull();
    expect(checkOverdue(s, new Date(at(hours(24)).getTime() + 1)).technicianArranged).toEqual({ deadline: at(hours(24)), actualAt: null, minutesLate: 1 });
    expect(nextDeadlineCheckAt(s)).toEqual(new Date(at(hours(24)).getTime() + 1));
  });

  it('an acceptance after the deadline is a late arrangement; one in time is none; recorded once', () => {
    const late = stopClock(arranging, allDay, at(hours(30)), 'accepted');
    expect(checkOverdue(withArranging(late, { ...quiet, status: 'accepted' }), at(hours(31))).technicianArranged).toEqual({
      deadline: at(hours(24)),
      actualAt: at(hours(30)),
      minutesLate: 360,
    });
    const inTime = stopClock(arranging, allDay, at(hours(23)), 'accepted');
    expect(checkOverdue(withArranging(inTime, { ...quiet, status: 'accepted' }), at(hours(31))).technicianArranged).toBeNull();
    expect(nextDeadlineCheckAt(withArranging(inTime, { ...quiet, status: 'accepted' }))).toBeNull();
    expect(checkOverdue(withArranging(arranging, { ...quiet, arrangementOverdueAt: at(hours(25)) }), at(hours(31))).technicianArranged).toBeNull();
  });

  it('an order cancelled before anyone accepted it breaches nothing new', () => {
    const cancelled = stopClock(arranging, allDay, at(hours(30)), 'cancelled');
    expect(checkOverdue(withArranging(cancelled, { ...quiet, status: 'cancelled' }), at(hours(31))).technicianArranged).toBeNull();
  });

  it('an order without the clock (older, or fixed deadlines) reports nothing for it', () => {
    expect(checkOverdue(subject(quiet), at(hours(100))).technicianArranged).toBeNull();
  });
});
