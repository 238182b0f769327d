import { DEFAULT_CALENDARS, DEFAULT_POLICIES, findCalendar, resolveClock, startClock, stopClock, type ResolvedClock } from '@aftercare/sla';
import { criteriaOfCase, evaluateDue, planNextCheck, type TrackedClock } from './reply-clock';

const H = 3_600_000;
const at = (iso: string) => new Date(iso);
const def = resolveClock(DEFAULT_POLICIES, { tenantId: 'acme' }, 'reply') as ResolvedClock;
const calendar = findCalendar(DEFAULT_CALENDARS, def.calendarId);
const received = at('2025-03-03T08:00:00Z');

function tracked(overrides: Partial<TrackedClock> = {}): TrackedClock {
  return { clock: startClock(def, calendar, received), definition: def, escalationStep: 0, breachNotified: false, ...overrides };
}

describe('reply clock scheduling', () => {
  it('uses the default 24 h reply clock on calendar time with the dispatcher → manager → deputy GM chain', () => {
    expect(def).toMatchObject({ policyId: 'default', targetMinutes: 1440, calendarId: '24x7' });
    expect(def.escalationChain.map((s) => s.level)).toEqual(['dispatcher', 'service_manager', 'deputy_gm']);
  });

  it('checks a running clock just after its deadline and does nothing before it', () => {
    const t = tracked();
    expect(planNextCheck(t, calendar, received)).toEqual(new Date(received.getTime() + 24 * H + 1));
    const early = evaluateDue(t, calendar, new Date(received.getTime() + 23 * H));
    expect(early).toMatchObject({ breach: null, escalations: [], escalationStep: 0, breachNotified: false });
    expect(early.nextCheckAt).toEqual(new Date(received.getTime() + 24 * H + 1));
  });

  it('exactly at the deadline the clock is on time', () => {
    const work = evaluateDue(tracked(), calendar, new Date(received.getTime() + 24 * H));
    expect(work.breach).toBeNull();
    expect(work.escalations).toEqual([]);
  });

  it('a clock 25 h old: one breach at the true due time, escalation level 1, next check at the second step', () => {
    const now = new Date(received.getTime() + 25 * H);
    const work = evaluateDue(tracked(), calendar, now);
    expect(work.breach).toEqual({ dueAt: new Date(received.getTime() + 24 * H) });
    expect(work.clock.breachedAt).toEqual(new Date(received.getTime() + 24 * H));
    expect(work.escalations).toEqual([{ level: 1, name: 'dispatcher' }]);
    expect(work).toMatchObject({ escalationStep: 1, breachNotified: true });
    expect(work.nextCheckAt).toEqual(new Date(received.getTime() + 28 * H + 1));

    // Evaluated again (a crash before the clock was stored, or a second look): nothing new to tell.
    const again = evaluateDue({ clock: work.clock, definition: def, escalationStep: 1, breachNotified: true }, calendar, now);
    expect(again).toMatchObject({ breach: null, escalations: [], escalationStep: 1 });
  });

  it('sends every step between the last one sent and the one due, then stops checking when the chain is exhausted', () => {
    const now = new Date(received.getTime() + 24 * H + 3 * 480 * 60_000 + 1);
    const work = evaluateDue(tracked(), calendar, now);
    expect(work.escalations.map((e) => e.level)).toEqual([1, 2, 3]);
    expect(work.escalations.map((e) => e.name)).toEqual(['dispatcher', 'service_manager', 'deputy_gm']);
    expect(work.nextCheckAt).toBeNull();

    const later = evaluateDue(tracked({ escalationStep: 1, breachNotified: true }), calendar, now);
    expect(later.breach).toBeNull();
    expect(later.escalations.map((e) => e.level)).toEqual([2, 3]);
  });

  it('a clock stopped in time needs no check; one stopped late owes the breach but no escalation', () => {
    const onTime = stopClock(tracked().clock, calendar, new Date(received.getTime() + 2 * H), 'replied');
    expect(planNextCheck(tracked({ clock: onTime }), calendar, new Date(received.getTime() + 30 * H))).toBeNull();
    expect(evaluateDue(tracked({ clock: onTime }), calendar, new Date(received.getTime() + 30 * H))).toMatchObject({ breach: null, escalations: [] });

    const late = stopClock(tracked().clock, calendar, new Date(received.getTime() + 26 * H), 'replied');
    const now = new Date(received.getTime() + 27 * H);
    expect(planNextCheck(tracked({ clock: late }), calendar, now)).toEqual(now);
    const work = evaluateDue(tracked({ clock: late }), calendar, now);
    expect(work.breach).toEqual({ dueAt: new Date(received.getTime() + 24 * H) });
    expect(work.escalations).toEqual([]);
    expect(work.nextCheckAt).toBeNull();
  });

  it('criteria come from the case; unknown priorities and zones are left out', () => {
    expect(criteriaOfCase('acme', { requestedType: 'repair', priority: 'P1', zone: 'city' })).toEqual({
      tenantId: 'acme',
      caseType: 'repair',
      priority: 'P1',
      zone: 'city',
    });
    expect(criteriaOfCase('acme', { requestedType: null, priority: 'P9', zone: null })).toEqual({ tenantId: 'acme' });
  });

  it('the service agreement level selects the agreement policies: premium 8 h, standard and none 24 h', () => {
    const replyMinutes = (agreementLevel: string | null) =>
      resolveClock(DEFAULT_POLICIES, criteriaOfCase('acme', { requestedType: 'repair', priority: 'P3', zone: 'city', agreementLevel }), 'reply')?.targetMinutes;
    expect(criteriaOfCase('acme', { agreementLevel: 'premium' })).toEqual({ tenantId: 'acme', agreement: 'premium' });
    expect(replyMinutes('premium')).toBe(8 * 60);
    expect(replyMinutes('standard')).toBe(24 * 60);
    expect(replyMinutes(null)).toBe(24 * 60);
  });
});
