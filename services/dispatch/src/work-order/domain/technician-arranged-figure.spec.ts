import { DEFAULT_CALENDARS, checkBreach, findCalendar, startClock, stopClock } from '@aftercare/sla';
import { at, hours } from './__fixtures__/work-order.fixtures';
import { arrangementOutcome, technicianArrangedFigure } from './technician-arranged-figure';

const allDay = findCalendar(DEFAULT_CALENDARS, '24x7');
/** Routed at T0, due at T0 + 24 h. */
const routed = startClock({ name: 'technician_arranged', targetMinutes: 24 * 60, calendarId: '24x7', pauseInStates: [] }, allDay, at(0));
const acceptedAt = (h: number) => stopClock(routed, allDay, at(hours(h)), 'accepted');
const cancelledAt = (h: number) => stopClock(routed, allDay, at(hours(h)), 'cancelled');

describe('the technician-arranged month figure', () => {
  it('an acceptance exactly at the deadline is on time; a minute after is late', () => {
    expect(arrangementOutcome(acceptedAt(24), at(hours(48)))).toBe('on_time');
    expect(arrangementOutcome(stopClock(routed, allDay, at(hours(24) + 60_000), 'accepted'), at(hours(48)))).toBe('late');
  });

  it('unaccepted: pending until the deadline, late after it (also once the breach is recorded on the clock)', () => {
    expect(arrangementOutcome(routed, at(hours(24)))).toBe('pending');
    expect(arrangementOutcome(routed, at(hours(24) + 1))).toBe('late');
    expect(arrangementOutcome(checkBreach(routed, at(hours(25))).clock, at(hours(25)))).toBe('late');
  });

  it('cancelled before anyone accepted it: not counted within the deadline, late after it', () => {
    expect(arrangementOutcome(cancelledAt(3), at(hours(48)))).toBe('not_counted');
    expect(arrangementOutcome(cancelledAt(30), at(hours(48)))).toBe('late');
  });

  it('counts on time over the decided orders; pending ones wait', () => {
    const clocks = [acceptedAt(1), acceptedAt(23), acceptedAt(30), routed, cancelledAt(2), cancelledAt(26)];
    // On time: two; late: the one accepted at 30 h, the one cancelled at 26 h, and the unaccepted one (checked at 40 h).
    expect(technicianArrangedFigure(clocks, at(hours(40)))).toEqual({ onTime: 2, total: 5, pending: 0 });
    // Checked at 20 h, with what had happened by then: the unaccepted one is pending, the early cancellation not counted.
    expect(technicianArrangedFigure([acceptedAt(1), routed, cancelledAt(2)], at(hours(20)))).toEqual({ onTime: 1, total: 1, pending: 1 });
    expect(technicianArrangedFigure([], at(0))).toEqual({ onTime: 0, total: 0, pending: 0 });
  });
});
