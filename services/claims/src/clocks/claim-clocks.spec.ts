import { ClaimClocks } from './claim-clocks';

/** Instants are given in Shanghai time (UTC+8), the calendars' zone. */
const cst = (local: string) => new Date(`${local}+08:00`);

describe('claim clocks', () => {
  describe('calendar reading (default)', () => {
    const clocks = new ClaimClocks();

    it('counts 48 h, 72 h and 2 / 7 days on the clock, through a weekend and a holiday', () => {
      // Tue 30 Sep 2025, the day before the National Day holiday (1–8 Oct).
      const opened = cst('2025-09-30T10:00:00');
      expect(clocks.firstContactDue(opened)).toEqual(cst('2025-10-02T10:00:00'));
      expect(clocks.rectificationStatusDue(opened)).toEqual(cst('2025-10-03T10:00:00'));
      expect(clocks.closureDue(opened, 'urgent')).toEqual(cst('2025-10-02T10:00:00'));
      expect(clocks.closureDue(opened, 'normal')).toEqual(cst('2025-10-07T10:00:00'));
    });

    it('gives a complaint 24 h for the first response and 3 working days for the preliminary check', () => {
      const received = cst('2025-09-30T10:00:00');
      expect(clocks.complaintFirstResponseDue(received)).toEqual(cst('2025-10-01T10:00:00'));
      // 30 Sep gives 6.5 of the 24 working hours, 1–8 Oct are the holiday, 9 and 10 Oct give 16,
      // and the last 1.5 h fall on Saturday 11 Oct, a make-up working day.
      expect(clocks.complaintPreliminaryCheckDue(received)).toEqual(cst('2025-10-11T10:00:00'));
    });
  });

  describe('working reading', () => {
    const clocks = new ClaimClocks('working');

    it('skips the National Day holiday: urgent closure from 30 Sep lands after the holiday', () => {
      const opened = cst('2025-09-30T10:00:00');
      // 30 Sep gives 6.5 working hours; 1–8 Oct are holidays; 9 Oct gives 8 more; 9.5 h remain → 10 Oct 11:00... counted exactly:
      // day 1 = 480 min: 390 on 30 Sep + 90 on 9 Oct (08:30→10:00); day 2 ends 9 Oct 10:00 + 480 min = 10 Oct 10:00.
      expect(clocks.closureDue(opened, 'urgent')).toEqual(cst('2025-10-10T10:00:00'));
      expect(clocks.firstContactDue(opened)).toEqual(cst('2025-10-10T10:00:00'));
    });

    it('skips a weekend: normal closure from a Friday is seven working days later', () => {
      const opened = cst('2025-06-06T09:00:00'); // Friday
      expect(clocks.closureDue(opened, 'normal')).toEqual(cst('2025-06-17T09:00:00'));
    });

    it('differs from the calendar reading for the same claim', () => {
      const opened = cst('2025-06-06T09:00:00');
      expect(clocks.closureDue(opened, 'urgent')).toEqual(cst('2025-06-10T09:00:00'));
      expect(new ClaimClocks('calendar').closureDue(opened, 'urgent')).toEqual(cst('2025-06-08T09:00:00'));
    });
  });
});
