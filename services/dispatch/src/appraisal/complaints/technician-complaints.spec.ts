import { complaintCounts, countedComplaint, type ClosedComplaint } from './technician-complaints';

const closed = (overrides: Partial<ClosedComplaint> = {}): ClosedComplaint => ({
  complaintId: 'sc-1',
  confirmed: true,
  technicianId: 'tech-wang',
  closedAt: new Date('2026-12-03T02:00:00.000Z'),
  ...overrides,
});

/** 22:00 on 30 November in New York, 11:00 on 1 December in Shanghai. */
const RECEIVED = new Date('2026-12-01T03:00:00.000Z');

describe('the complaints column of the technician appraisal', () => {
  describe('countedComplaint', () => {
    it("counts a confirmed complaint about a technician against them, in the month it was received (claims' month)", () => {
      expect(countedComplaint(closed(), RECEIVED, 'America/New_York')).toEqual({ complaintId: 'sc-1', technicianId: 'tech-wang', month: '2026-11' });
      expect(countedComplaint(closed(), RECEIVED, 'Asia/Shanghai')).toEqual({ complaintId: 'sc-1', technicianId: 'tech-wang', month: '2026-12' });
    });

    it('counts it in the month it was closed when its opening was never seen', () => {
      expect(countedComplaint(closed({ closedAt: new Date('2027-01-01T01:00:00.000Z') }), null, 'America/New_York')?.month).toBe('2026-12');
      expect(countedComplaint(closed({ closedAt: new Date('2027-01-01T01:00:00.000Z') }), null, 'Asia/Shanghai')?.month).toBe('2027-01');
    });

    it('counts nothing for an unconfirmed complaint, or one about no technician', () => {
      expect(countedComplaint(closed({ confirmed: false }), RECEIVED, 'Asia/Shanghai')).toBeNull();
      expect(countedComplaint(closed({ technicianId: null }), RECEIVED, 'Asia/Shanghai')).toBeNull();
      expect(countedComplaint(closed({ technicianId: '' }), RECEIVED, 'Asia/Shanghai')).toBeNull();
    });
  });

  describe('complaintCounts', () => {
    it('counts per technician', () => {
      expect(
        complaintCounts([
          { technicianId: 'tech-wang' },
          { technicianId: 'tech-li' },
          { technicianId: 'tech-wang' },
        ]),
      ).toEqual({ 'tech-wang': 2, 'tech-li': 1 });
    });

    it('is empty without complaints', () => {
      expect(complaintCounts([])).toEqual({});
    });
  });
});
