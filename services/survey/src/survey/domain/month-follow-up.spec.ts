import { SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1, contractsRegistry } from '@aftercare/contracts';
import { MonthFollowUp, monthFollowUpId } from './month-follow-up';
import { previousMonth, rateOf, scoreMonth, type ScoredResponse } from './scoring';
import { settings } from './testing/builders';

const at = new Date('2026-04-01T00:05:00.000Z');
const response = (arrival: number): ScoredResponse => ({
  technicianId: 'tech-li',
  submittedAt: new Date('2026-03-10T00:00:00.000Z'),
  ratings: [
    { criterion: 'attitude', level: 4, levels: 4, satisfied: true },
    { criterion: 'arrival_time', level: arrival, levels: 4, satisfied: arrival >= 3 },
  ],
});

describe('the month-below-target follow-up', () => {
  it("opens one follow-up for the month, keyed by tenant and month, with the month's rates", () => {
    const score = scoreMonth('2026-03', [response(1), response(4)], settings());
    const followUp = MonthFollowUp.open('acme', score, 'Asia/Shanghai', at);
    expect(followUp.id).toBe(monthFollowUpId('acme', '2026-03'));
    expect(MonthFollowUp.open('acme', score, 'Asia/Shanghai', at).id).toBe(followUp.id);
    expect(followUp.pendingFacts).toEqual([{ kind: 'opened', at }]);
    const [event] = followUp.pendingEvents;
    expect(event.type).toBe(SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1);
    expect(event.data).toEqual({
      followUpId: 'acme|2026-03',
      tenantId: 'acme',
      month: '2026-03',
      timeZone: 'Asia/Shanghai',
      targetPercent: 85,
      overall: rateOf(3, 4),
      criteria: [
        { criterion: 'attitude', ...rateOf(2, 2) },
        { criterion: 'arrival_time', ...rateOf(1, 2) },
      ],
      openedAt: at.toISOString(),
    });
    expect(() => contractsRegistry().assertValid(event.type, event.data)).not.toThrow();
  });

  it('a month at or above its target gets none', () => {
    expect(() => MonthFollowUp.open('acme', scoreMonth('2026-03', [response(4)], settings()), 'Asia/Shanghai', at)).toThrow(/not below its target/);
  });

  it('round-trips through its snapshot', () => {
    const followUp = MonthFollowUp.open('acme', scoreMonth('2026-03', [response(1)], settings()), 'Asia/Shanghai', at);
    expect(MonthFollowUp.fromSnapshot(followUp.toSnapshot()).toSnapshot()).toEqual(followUp.toSnapshot());
  });

  it('the month under review is the one before, across a year', () => {
    expect(previousMonth('2026-04')).toBe('2026-03');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
  });
});
