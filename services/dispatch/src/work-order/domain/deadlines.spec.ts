import { at, hours, minutes } from './__fixtures__/work-order.fixtures';
import { checkOverdue, DeadlineSubject } from './deadlines';

const subject = (overrides: Partial<DeadlineSubject> = {}): DeadlineSubject => ({
  status: 'accepted',
  arrivalDeadline: at(hours(6)),
  completionDeadline: at(hours(24)),
  arrivedAt: null,
  completedAt: null,
  arrivalBreachedAt: null,
  completionOverdueAt: null,
  ...overrides,
});

describe('checkOverdue', () => {
  it('reports nothing before and exactly at the deadlines', () => {
    expect(checkOverdue(subject(), at(hours(6)))).toEqual({ arrival: null, completion: null });
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
    expect(checkOverdue(subject({ status: 'on_site', arrivedAt: at(hours(6)) }), at(hours(9))).arrival).toBeNull();
  });

  it('arrival: a late arrival is a breach measured at the arrival', () => {
    expect(
      checkOverdue(subject({ status: 'in_progress', arrivedAt: at(hours(6) + minutes(45)) }), at(hours(20))).arrival,
    ).toEqual({ deadline: at(hours(6)), actualAt: at(hours(6) + minutes(45)), minutesLate: 45 });
  });

  it('completion: overdue when not completed by the deadline, including after a rework', () => {
    expect(checkOverdue(subject({ status: 'in_progress', arrivedAt: at(1) }), at(hours(25))).completion).toEqual({
      deadline: at(hours(24)),
      actualAt: null,
      minutesLate: 60,
    });
    expect(checkOverdue(subject({ status: 'awaiting_parts', arrivedAt: at(1) }), at(hours(25))).completion).not.toBeNull();
  });

  it('completion: completed in time is never overdue; completed late is', () => {
    const done = { status: 'verified' as const, arrivedAt: at(1) };
    expect(checkOverdue(subject({ ...done, completedAt: at(hours(24)) }), at(hours(99))).completion).toBeNull();
    expect(checkOverdue(subject({ ...done, completedAt: at(hours(25)) }), at(hours(99))).completion?.actualAt).toEqual(
      at(hours(25)),
    );
  });

  it('reports each breach only once (already recorded → nothing)', () => {
    const recorded = subject({ arrivalBreachedAt: at(hours(7)), completionOverdueAt: at(hours(25)) });
    expect(checkOverdue(recorded, at(hours(99)))).toEqual({ arrival: null, completion: null });
    expect(checkOverdue(subject({ arrivalBreachedAt: at(hours(7)) }), at(hours(99))).completion).not.toBeNull();
  });

  it('a cancelled order breaches nothing new', () => {
    expect(checkOverdue(subject({ status: 'cancelled' }), at(hours(99)))).toEqual({ arrival: null, completion: null });
  });
});
