import { contractsRegistry, INTAKE_MONTH_FIGURES_PUBLISHED_V1 } from '@aftercare/contracts';
import { intakeMonthFigures, type FiguredCase, type FiguredReplyClock } from './intake-month-figures';

const at = new Date('2026-03-10T08:00:00Z');
const kase = (status: FiguredCase['status'], registered = true, resolved = false): FiguredCase => ({
  status,
  registeredAt: registered ? at : null,
  resolution: resolved ? { summary: null, resolvedAt: at } : null,
});
const deadline = new Date('2026-03-10T10:00:00Z');
const clock = (zone: FiguredReplyClock['zone'], stoppedAt: Date | null, breached = false): FiguredReplyClock => ({
  zone,
  clock: { stoppedAt, deadline, breachedAt: breached ? deadline : null },
});
const early = new Date('2026-03-10T09:30:00Z');
const late = new Date('2026-03-10T10:30:00Z');

describe("intake's month figures for the report", () => {
  it('182 resolved of 190 due: the issue\'s example, cancelled, rejected and unregistered cases left out', () => {
    const cases = [
      ...Array.from({ length: 150 }, () => kase('closed', true, true)),
      ...Array.from({ length: 20 }, () => kase('confirmed', true, true)),
      ...Array.from({ length: 12 }, () => kase('resolved', true, true)),
      ...Array.from({ length: 5 }, () => kase('in_progress')),
      ...Array.from({ length: 3 }, () => kase('reopened', true, true)), // resolved once, open again: not resolved
      ...Array.from({ length: 4 }, () => kase('cancelled')), // merged duplicates are cancelled too
      kase('rejected'),
      kase('received', false),
    ];
    const figures = intakeMonthFigures(cases, []);
    expect([figures.resolved, figures.dueForResolution, figures.casesRegistered]).toEqual([182, 190, 195]);
  });

  it('counts reply clocks stopped in the month by zone, remote as suburb, late or breached ones not on time', () => {
    const figures = intakeMonthFigures(
      [],
      [
        clock('city', early),
        clock('city', deadline), // exactly at the deadline is on time
        clock('city', late),
        clock('suburb', early),
        clock('remote', early),
        clock('remote', early, true), // breached while paused, then stopped: not on time
        clock(undefined, early), // a consultation without a site zone
        clock('city', null), // still running
      ],
    );
    expect(figures.reply).toEqual({ city: { onTime: 2, due: 3 }, suburb: { onTime: 2, due: 3 } });
    expect(() => contractsRegistry().assertValid(INTAKE_MONTH_FIGURES_PUBLISHED_V1, { tenantId: 'acme', month: '2026-03', publishedAt: at.toISOString(), figures })).not.toThrow();
  });

  it('is all zeros for a quiet month', () => {
    expect(intakeMonthFigures([], [])).toEqual({ casesRegistered: 0, resolved: 0, dueForResolution: 0, reply: { city: { onTime: 0, due: 0 }, suburb: { onTime: 0, due: 0 } } });
  });
});
