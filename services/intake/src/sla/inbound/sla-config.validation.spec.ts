import { calendarShapeProblems, policyShapeProblems } from './sla-config.validation';

const definition = { targetMinutes: 60, calendarId: '24x7', pauseInStates: [], escalationChain: [{ afterMinutesOverdue: 0, level: 'dispatcher' }] };

describe('SLA configuration bodies', () => {
  it('accepts a well-formed policy, with or without its own id and tenant', () => {
    expect(policyShapeProblems({ clocks: { reply: definition } }, 'p', 'acme')).toEqual([]);
    expect(policyShapeProblems({ id: 'p', tenantId: 'acme', priority: 'P1', clocks: { reply: definition } }, 'p', 'acme')).toEqual([]);
  });

  it('names every shape problem of a policy instead of throwing', () => {
    expect(policyShapeProblems(null, 'p', 'acme')).toEqual(['the body must be a JSON object']);
    expect(policyShapeProblems([], 'p', 'acme')).toEqual(['the body must be a JSON object']);
    expect(
      policyShapeProblems(
        { id: 'q', tenantId: 'other', colour: 'red', zone: 3, clocks: { reply: { ...definition, targetMinutes: '60', escalationChain: [null] }, arrival: 5 } },
        'p',
        'acme',
      ),
    ).toEqual([
      "policy id 'q' differs from the id in the path 'p'",
      "has unknown field 'colour'",
      "tenantId must be your tenant 'acme' (or left out)",
      'zone must be a string',
      "clock 'reply' targetMinutes must be a number",
      "clock 'reply' escalation step 0 must be { afterMinutesOverdue: number, level: string }",
      "clock 'arrival' must be an object",
    ]);
    expect(policyShapeProblems({ clocks: {} }, 'p', 'acme')).toEqual(['clocks must define at least one clock']);
  });

  it("refuses changes to the defaults (tenant '*')", () => {
    expect(policyShapeProblems({ clocks: { reply: definition } }, 'p', '*')).toEqual([
      "the defaults (tenant '*') are seeded from code and cannot be changed here",
    ]);
  });

  it('checks the shape of a calendar', () => {
    const week = { mon: [{ start: '08:00', end: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(calendarShapeProblems({ timeZone: 'Asia/Shanghai', mode: 'business_hours', week, holidays: [] }, 'c', 'acme')).toEqual([]);
    expect(calendarShapeProblems({ timeZone: 8, mode: 'business_hours', week: { ...week, sun: 'none', mon: [{ start: 8 }] }, holidays: '2025-01-01' }, 'c', 'acme')).toEqual([
      'timeZone must be an IANA time zone name',
      "week.mon[0] must be { start: 'HH:mm', end: 'HH:mm' }",
      'week.sun must be a list of { start, end } periods',
      'holidays must be a list of YYYY-MM-DD dates',
    ]);
  });

  it('refuses unknown fields at every depth: periods, the week, escalation steps', () => {
    const week = { mon: [{ start: '08:00', end: '17:00', note: 'x' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], holiday: [] };
    const extraWorkingDayHours = [{ start: '08:30', end: '17:30', colour: 'red' }];
    expect(calendarShapeProblems({ timeZone: 'Asia/Shanghai', mode: 'business_hours', week, holidays: [], extraWorkingDayHours }, 'c', 'acme')).toEqual([
      "week has unknown field 'holiday'",
      "week.mon[0] has unknown field 'note'",
      "extraWorkingDayHours[0] has unknown field 'colour'",
    ]);
    const step = { afterMinutesOverdue: 0, level: 'dispatcher', colour: 'red' };
    expect(policyShapeProblems({ clocks: { reply: { ...definition, escalationChain: [step] } } }, 'p', 'acme')).toEqual([
      "clock 'reply' escalation step 0 has unknown field 'colour'",
    ]);
  });
});
