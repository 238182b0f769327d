import { DEFAULT_CALENDARS } from '../calendar/default-calendars';
import { DEFAULT_ESCALATION_CHAIN, DEFAULT_POLICIES } from './default-policies';
import { resolveClock, resolvePolicy } from './policy-resolution';
import { assertValidPolicies, validatePolicies } from './policy-validation';
import { ClockDefinition, ClockName, PolicyCriteria, SlaPolicy } from './sla-policy';

const def = (targetMinutes: number, calendarId = '24x7'): ClockDefinition => ({
  targetMinutes,
  calendarId,
  pauseInStates: [],
  escalationChain: DEFAULT_ESCALATION_CHAIN,
});

const target = (policies: readonly SlaPolicy[], criteria: PolicyCriteria, clock: ClockName) => {
  const resolved = resolveClock(policies, criteria, clock);
  return resolved && { minutes: resolved.targetMinutes, calendar: resolved.calendarId, policy: resolved.policyId };
};

describe('DEFAULT_POLICIES (the Service levels table of docs/domain.md)', () => {
  const t = { tenantId: 'acme' };

  it.each<[string, PolicyCriteria, ClockName, number, string]>([
    ['reply, standard agreement: 24 h', { ...t, agreement: 'standard' }, 'reply', 24 * 60, '24x7'],
    ['reply, no agreement known: 24 h', t, 'reply', 24 * 60, '24x7'],
    ['reply, premium agreement: 8 h', { ...t, agreement: 'premium' }, 'reply', 8 * 60, '24x7'],
    ['technician arranged: 24 h', t, 'technician_arranged', 24 * 60, '24x7'],
    ['arrival in the city: 6 working hours', { ...t, caseType: 'repair', zone: 'city' }, 'arrival', 6 * 60, 'cn-standard'],
    ['arrival in the suburbs: 7 working hours', { ...t, caseType: 'repair', zone: 'suburb' }, 'arrival', 7 * 60, 'cn-standard'],
    ['arrival at a remote site falls back to 7 working hours', { ...t, zone: 'remote' }, 'arrival', 7 * 60, 'cn-standard'],
    ['arrival for a quality problem: 8 h', { ...t, caseType: 'repair', qualityProblem: true, zone: 'suburb' }, 'arrival', 8 * 60, '24x7'],
    ['arrival for a quality problem in the city: still 8 h (the flag outranks zone)', { ...t, caseType: 'repair', qualityProblem: true, zone: 'city' }, 'arrival', 8 * 60, '24x7'],
    ['arrival for a repair not flagged a quality problem: the zone rule', { ...t, caseType: 'repair', qualityProblem: false, zone: 'city' }, 'arrival', 6 * 60, 'cn-standard'],
    ['arrival for a quality-complaint case type: no longer the 8 h key (routed to claims)', { ...t, caseType: 'quality_complaint', zone: 'city' }, 'arrival', 6 * 60, 'cn-standard'],
    ['complaint first response: 24 h', { ...t, caseType: 'service_complaint' }, 'complaint_first_response', 24 * 60, '24x7'],
    ['complaint preliminary check: 3 working days', { ...t, caseType: 'service_complaint' }, 'complaint_preliminary_check', 3 * 8 * 60, 'cn-standard'],
    ['claim first contact: 48 h', t, 'claim_first_contact', 48 * 60, '24x7'],
    ['claim closure, urgent: 2 days', { ...t, urgency: 'urgent' }, 'claim_closure', 2 * 24 * 60, '24x7'],
    ['claim closure, normal: 7 days', { ...t, urgency: 'normal' }, 'claim_closure', 7 * 24 * 60, '24x7'],
    ['claim closure, urgency not yet triaged: 7 days', t, 'claim_closure', 7 * 24 * 60, '24x7'],
    ['rectification status: 72 h', t, 'rectification_status', 72 * 60, '24x7'],
    // P1 "production stopped" (design, ADR 0044)
    ['P1 reply: 2 h', { ...t, priority: 'P1' }, 'reply', 2 * 60, '24x7'],
    ['P1 reply under a premium agreement: still 2 h', { ...t, priority: 'P1', agreement: 'premium' }, 'reply', 2 * 60, '24x7'],
    ['P1 technician arranged: 4 h', { ...t, priority: 'P1' }, 'technician_arranged', 4 * 60, '24x7'],
    ['P1 arrival in the city: 4 working hours', { ...t, caseType: 'repair', priority: 'P1', zone: 'city' }, 'arrival', 4 * 60, 'cn-standard'],
    ['P1 arrival in the suburbs: 5 working hours', { ...t, caseType: 'repair', priority: 'P1', zone: 'suburb' }, 'arrival', 5 * 60, 'cn-standard'],
    ['P1 arrival at a remote site or an unknown zone: 5 working hours', { ...t, priority: 'P1' }, 'arrival', 5 * 60, 'cn-standard'],
    ['P1 quality problem in the city: the P1 city rule (two attributes over one)', { ...t, priority: 'P1', qualityProblem: true, zone: 'city' }, 'arrival', 4 * 60, 'cn-standard'],
    ['P1 quality problem in the suburbs: the quality 8 h (the flag outranks priority)', { ...t, priority: 'P1', qualityProblem: true, zone: 'suburb' }, 'arrival', 8 * 60, '24x7'],
    ['P2 keeps the ordinary rules', { ...t, priority: 'P2', zone: 'city' }, 'arrival', 6 * 60, 'cn-standard'],
    ['P1 completion: the ordinary 2 working days (P1 sets none of its own)', { ...t, priority: 'P1' }, 'completion', 2 * 8 * 60, 'cn-standard'],
  ])('%s', (_why, criteria, clock, minutes, calendar) => {
    expect(target(DEFAULT_POLICIES, criteria, clock)).toMatchObject({ minutes, calendar });
  });

  it('pauses completion while awaiting parts or the customer, and arrival while awaiting the customer', () => {
    expect(resolveClock(DEFAULT_POLICIES, t, 'completion')?.pauseInStates).toEqual(['awaiting_parts', 'awaiting_customer']);
    expect(resolveClock(DEFAULT_POLICIES, { ...t, zone: 'city' }, 'arrival')?.pauseInStates).toEqual(['awaiting_customer']);
    expect(resolveClock(DEFAULT_POLICIES, t, 'reply')?.pauseInStates).toEqual([]);
  });

  it('escalates dispatcher → service manager → deputy GM', () => {
    expect(resolveClock(DEFAULT_POLICIES, t, 'arrival')?.escalationChain.map((s) => s.level)).toEqual(['dispatcher', 'service_manager', 'deputy_gm']);
  });

  it('defines every clock for any tenant and is valid against the default calendars', () => {
    expect(Object.keys(resolvePolicy(DEFAULT_POLICIES, { tenantId: 'whoever' }).clocks).sort()).toEqual(
      [
        'arrival',
        'claim_closure',
        'claim_first_contact',
        'completion',
        'complaint_first_response',
        'complaint_preliminary_check',
        'rectification_status',
        'reply',
        'technician_arranged',
      ].sort(),
    );
    expect(validatePolicies(DEFAULT_POLICIES, DEFAULT_CALENDARS)).toEqual([]);
  });

  it('mixes layers per clock: premium reply and city arrival at once', () => {
    const effective = resolvePolicy(DEFAULT_POLICIES, { ...t, agreement: 'premium', zone: 'city' });
    expect(effective.clocks.reply).toMatchObject({ targetMinutes: 480, policyId: 'default-premium-reply' });
    expect(effective.clocks.arrival).toMatchObject({ targetMinutes: 360, policyId: 'default-city-arrival' });
    expect(effective.clocks.technician_arranged).toMatchObject({ targetMinutes: 1440, policyId: 'default' });
  });
});

describe('resolveClock specificity', () => {
  const policies: SlaPolicy[] = [
    { id: 'any', tenantId: '*', clocks: { reply: def(1440) } },
    { id: 'any-premium', tenantId: '*', agreement: 'premium', clocks: { reply: def(480) } },
    { id: 'any-premium-p1', tenantId: '*', agreement: 'premium', priority: 'P1', clocks: { reply: def(120) } },
    { id: 'any-p1', tenantId: '*', priority: 'P1', clocks: { reply: def(240) } },
    { id: 'acme', tenantId: 'acme', clocks: { reply: def(720) } },
    { id: 'acme-repair', tenantId: 'acme', caseType: 'repair', clocks: { reply: def(600) } },
    { id: 'globex-city', tenantId: 'globex', zone: 'city', clocks: { arrival: def(300, 'cn-standard') } },
  ];

  it.each<[string, PolicyCriteria, string | undefined]>([
    ['the wildcard when nothing more specific applies', { tenantId: 'initech' }, 'any'],
    ['one matching attribute over none', { tenantId: 'initech', agreement: 'premium' }, 'any-premium'],
    ['two matching attributes over one', { tenantId: 'initech', agreement: 'premium', priority: 'P1' }, 'any-premium-p1'],
    ['priority alone when the agreement differs', { tenantId: 'initech', agreement: 'standard', priority: 'P1' }, 'any-p1'],
    ['a tenant policy over any wildcard, even a more specific one', { tenantId: 'acme', agreement: 'premium', priority: 'P1' }, 'acme'],
    ['the more specific tenant policy', { tenantId: 'acme', caseType: 'repair' }, 'acme-repair'],
    ['not a policy whose attribute the criteria do not know', { tenantId: 'initech', priority: undefined }, 'any'],
  ])('chooses %s', (_why, criteria, expected) => {
    expect(resolveClock(policies, criteria, 'reply')?.policyId).toBe(expected);
  });

  it("ignores other tenants' policies and returns null when no policy defines the clock", () => {
    expect(resolveClock(policies, { tenantId: 'acme', zone: 'city' }, 'arrival')).toBeNull();
    expect(resolveClock(policies, { tenantId: 'globex', zone: 'city' }, 'arrival')?.policyId).toBe('globex-city');
    expect(resolveClock(policies, { tenantId: 'globex', zone: 'suburb' }, 'arrival')).toBeNull();
  });

  it('breaks a tie in the number of attributes by precedence: agreement, case type, priority, urgency, zone', () => {
    const single: SlaPolicy[] = [
      { id: 'by-zone', tenantId: '*', zone: 'city', clocks: { reply: def(100) } },
      { id: 'by-urgency', tenantId: '*', urgency: 'urgent', clocks: { reply: def(200) } },
      { id: 'by-priority', tenantId: '*', priority: 'P1', clocks: { reply: def(300) } },
      { id: 'by-case-type', tenantId: '*', caseType: 'repair', clocks: { reply: def(400) } },
      { id: 'by-agreement', tenantId: '*', agreement: 'premium', clocks: { reply: def(500) } },
    ];
    const all = { tenantId: 't', zone: 'city', urgency: 'urgent', priority: 'P1', caseType: 'repair', agreement: 'premium' } as const;
    const expected = ['by-agreement', 'by-case-type', 'by-priority', 'by-urgency', 'by-zone'];
    for (let i = 0; i < expected.length; i++) {
      const remaining = single.filter((p) => !expected.slice(0, i).includes(p.id));
      expect(resolveClock(remaining, all, 'reply')?.policyId).toBe(expected[i]);
      expect(resolveClock([...remaining].reverse(), all, 'reply')?.policyId).toBe(expected[i]);
    }
  });

  it('breaks exact ties by the smaller policy id, whatever the list order', () => {
    const twins: SlaPolicy[] = [
      { id: 'b-zone', tenantId: '*', zone: 'city', clocks: { reply: def(300) } },
      { id: 'a-zone', tenantId: '*', zone: 'city', clocks: { reply: def(200) } },
    ];
    expect(resolveClock(twins, { tenantId: 't', zone: 'city' }, 'reply')?.policyId).toBe('a-zone');
    expect(resolveClock([...twins].reverse(), { tenantId: 't', zone: 'city' }, 'reply')?.policyId).toBe('a-zone');
  });

  it('is independent of the list order for every criteria combination', () => {
    const reversed = [...policies].reverse();
    for (const tenantId of ['acme', 'initech']) {
      for (const agreement of [undefined, 'premium', 'standard']) {
        for (const priority of [undefined, 'P1', 'P3'] as const) {
          const criteria = { tenantId, agreement, priority };
          expect(resolveClock(reversed, criteria, 'reply')?.policyId).toBe(resolveClock(policies, criteria, 'reply')?.policyId);
        }
      }
    }
  });

  it('returns a copy the caller cannot use to change the policy', () => {
    const resolved = resolveClock(policies, { tenantId: 'initech' }, 'reply')!;
    (resolved.pauseInStates as string[]).push('hacked');
    expect(policies[0].clocks.reply!.pauseInStates).toEqual([]);
  });
});

describe('validatePolicies', () => {
  it.each<[string, SlaPolicy[], RegExp]>([
    ['an unknown calendar', [{ id: 'p', tenantId: '*', clocks: { reply: def(60, 'mars') } }], /unknown calendar 'mars'/],
    ['a zero target', [{ id: 'p', tenantId: '*', clocks: { reply: def(0) } }], /targetMinutes must be > 0/],
    ['an unknown clock', [{ id: 'p', tenantId: '*', clocks: { lunch: def(60) } as SlaPolicy['clocks'] }], /unknown clock 'lunch'/],
    ['a duplicate id', [{ id: 'p', tenantId: '*', clocks: {} }, { id: 'p', tenantId: 'x', clocks: {} }], /defined twice/],
    [
      'two policies defining a clock for the same match',
      [
        { id: 'p1', tenantId: '*', zone: 'city', clocks: { reply: def(60) } },
        { id: 'p2', tenantId: '*', zone: 'city', clocks: { reply: def(90) } },
      ],
      /'p2' and policy 'p1' both define clock 'reply'/,
    ],
    ['a bad priority', [{ id: 'p', tenantId: '*', priority: 'P9' as 'P1', clocks: {} }], /priority 'P9'/],
    [
      'an escalation chain out of order',
      [
        {
          id: 'p',
          tenantId: '*',
          clocks: { reply: { ...def(60), escalationChain: [{ afterMinutesOverdue: 60, level: 'a' }, { afterMinutesOverdue: 30, level: 'b' }] } },
        },
      ],
      /strictly ascending/,
    ],
  ])('reports %s', (_why, policies, problem) => {
    expect(validatePolicies(policies, DEFAULT_CALENDARS).join('\n')).toMatch(problem);
    expect(() => assertValidPolicies(policies, DEFAULT_CALENDARS)).toThrow(expect.objectContaining({ code: 'SLA_INVALID_POLICY' }));
  });
});
