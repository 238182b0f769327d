// Stories of docs/domain.md played through the public entry point (index.ts), with the default configuration only.
import {
  DEFAULT_CALENDARS,
  DEFAULT_POLICIES,
  checkBreach,
  dueEscalationLevel,
  findCalendar,
  isBreached,
  metTarget,
  onStateChange,
  resolveClock,
  resolvePolicy,
  retarget,
  startClock,
  stopClock,
} from './index';
import { local, show } from './test-support/local-time';

const tenantId = 'acme';

describe('story 5: the work order waits in awaiting_parts and the completion clock pauses', () => {
  const effective = resolvePolicy(DEFAULT_POLICIES, { tenantId, caseType: 'repair', zone: 'suburb' });
  const arrivalDef = effective.clocks.arrival!;
  const completionDef = effective.clocks.completion!;
  const cn = findCalendar(DEFAULT_CALENDARS, completionDef.calendarId);

  it('arrives within 7 working hours across the night', () => {
    const arrival = startClock(arrivalDef, cn, local('2025-03-06 14:00')); // Thursday
    expect(show(arrival.deadline)).toBe('2025-03-07 12:00');
    expect(metTarget(stopClock(arrival, cn, local('2025-03-07 10:00'), 'on_site'))).toBe(true);
  });

  it('finishes on time because the five days awaiting parts do not count', () => {
    let clock = startClock(completionDef, cn, local('2025-03-07 10:00')); // Friday, on site
    const withoutPause = clock;
    expect(show(clock.deadline)).toBe('2025-03-11 10:00');

    clock = onStateChange(clock, completionDef, cn, 'in_progress', local('2025-03-07 10:30'));
    clock = onStateChange(clock, completionDef, cn, 'awaiting_parts', local('2025-03-07 11:00'));
    clock = onStateChange(clock, completionDef, cn, 'in_progress', local('2025-03-11 14:00')); // parts delivered Tuesday
    expect(show(clock.deadline)).toBe('2025-03-13 12:00');

    expect(checkBreach(clock, local('2025-03-12 16:00')).breached).toBe(false);
    expect(isBreached(withoutPause, local('2025-03-12 16:00'))).toBe(true);

    const done = stopClock(clock, cn, local('2025-03-12 16:00'), 'completed');
    expect(done.elapsedMinutes).toBe(60 + 210 + 390);
    expect(metTarget(done)).toBe(true);
  });
});

describe('intake: the reply clock of a case whose premium agreement is found after registration', () => {
  it('tightens to 8 h keeping the 6 h already gone, breaches, escalates to the dispatcher, and stays breached', () => {
    const standard = resolveClock(DEFAULT_POLICIES, { tenantId, agreement: 'standard' }, 'reply')!;
    const premium = resolveClock(DEFAULT_POLICIES, { tenantId, agreement: 'premium' }, 'reply')!;
    const calendar = findCalendar(DEFAULT_CALENDARS, standard.calendarId);

    let clock = startClock(standard, calendar, local('2025-03-08 09:00')); // a Saturday: calendar time
    expect(show(clock.deadline)).toBe('2025-03-09 09:00');
    clock = retarget(clock, premium.targetMinutes, calendar, local('2025-03-08 15:00'), { policyId: premium.policyId, detail: 'agreement premium' });
    expect(show(clock.deadline)).toBe('2025-03-08 17:00');

    const check = checkBreach(clock, local('2025-03-08 17:05'));
    expect(check.breached).toBe(true);
    expect(dueEscalationLevel(check.clock, premium, calendar, local('2025-03-08 17:05'))?.level).toBe('dispatcher');

    const replied = stopClock(check.clock, calendar, local('2025-03-08 17:30'), 'replied by phone');
    expect(metTarget(replied)).toBe(false);
    expect(show(replied.breachedAt)).toBe('2025-03-08 17:00');
    expect(replied.history.map((h) => h.kind)).toEqual(['started', 'retargeted', 'breached', 'stopped']);
  });
});

describe('claims: complaint and claim clocks', () => {
  it('counts the make-up Sunday in the 3 working days of a preliminary check', () => {
    const def = resolveClock(DEFAULT_POLICIES, { tenantId, caseType: 'service_complaint' }, 'complaint_preliminary_check')!;
    const clock = startClock(def, findCalendar(DEFAULT_CALENDARS, def.calendarId), local('2025-09-26 10:00')); // Friday
    expect(show(clock.deadline)).toBe('2025-09-30 10:00');
  });

  it('shortens claim closure from 7 days to 2 when triage finds the claim urgent', () => {
    const normal = resolveClock(DEFAULT_POLICIES, { tenantId, caseType: 'quality_complaint' }, 'claim_closure')!;
    const urgent = resolveClock(DEFAULT_POLICIES, { tenantId, caseType: 'quality_complaint', urgency: 'urgent' }, 'claim_closure')!;
    const calendar = findCalendar(DEFAULT_CALENDARS, normal.calendarId);
    const clock = startClock(normal, calendar, local('2025-03-03 09:00'));
    expect(show(clock.deadline)).toBe('2025-03-10 09:00');
    const triaged = retarget(clock, urgent.targetMinutes, calendar, local('2025-03-03 15:00'), { policyId: urgent.policyId });
    expect(show(triaged.deadline)).toBe('2025-03-05 09:00');
  });
});
