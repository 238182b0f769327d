import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES_DIR, SERVICE_REQUEST_ROUTED_V1, type ServiceRequestRoutedV1 } from '@aftercare/contracts';
import { caseTermsOf } from './case-mapping';
import { DEFAULT_CALENDARS, DEFAULT_POLICIES, type SlaPolicy } from '@aftercare/sla';
import type { TenantSettingsDirectory } from '@aftercare/tenant-settings';
import { SlaDeadlines } from './sla-deadlines';

const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${SERVICE_REQUEST_ROUTED_V1}.json`), 'utf8')) as ServiceRequestRoutedV1;
const routed = (overrides: Partial<ServiceRequestRoutedV1>): ServiceRequestRoutedV1 => ({ ...example, ...overrides });

/** Friday 6 March 2026, 16:00 in Shanghai; the working day ends 17:30 (cn-standard). */
const FRIDAY_16 = '2026-03-06T08:00:00.000Z';
/** Monday 9 March 2026, 09:00 in Shanghai: the agent decides the entitlement, the case is routed. */
const MONDAY_09 = '2026-03-09T01:00:00.000Z';

describe('caseTermsOf (the routed case → the order’s terms)', () => {
  it('takes the call, the agreement, the quality-problem flag and the fee class from the event', () => {
    expect(caseTermsOf(routed({ receivedAt: FRIDAY_16, routedAt: MONDAY_09, qualityProblem: true, feeClass: 'A' }))).toEqual({
      receivedAt: new Date(FRIDAY_16),
      serviceAgreement: { id: 'SC-2024-0042', level: 'premium', validFrom: '2024-01-01', validTo: '2026-12-31' },
      qualityProblem: true,
      feeClass: 'A',
    });
  });

  it('reads an event of an older producer: received when routed, no agreement, no quality problem', () => {
    const { receivedAt: _r, serviceAgreement: _a, qualityProblem: _q, ...older } = routed({ routedAt: MONDAY_09, feeClass: null });
    expect(caseTermsOf(older as ServiceRequestRoutedV1)).toEqual({ receivedAt: new Date(MONDAY_09), serviceAgreement: null, qualityProblem: false, feeClass: null });
  });
});

describe('SlaDeadlines (the tenant\'s policies, then the built-in ones)', () => {
  /** The directory as SlaDeadlines reads it: the tenant's own policies first, then the defaults. */
  const deadlines = (tenantPolicies: SlaPolicy[] = []) =>
    new SlaDeadlines({
      policiesFor: async () => [...tenantPolicies, ...DEFAULT_POLICIES],
      calendarsFor: async () => [...DEFAULT_CALENDARS],
    } as unknown as TenantSettingsDirectory);
  const criteria = { tenantId: 'acme', caseType: 'repair', priority: 'P2' as const };

  it('gives a city repair 6 working hours and a suburban one 7 to arrive, on the working calendar', async () => {
    expect((await deadlines().clocksFor({ ...criteria, zone: 'city' })).arrival).toMatchObject({ targetMinutes: 360, calendarId: 'cn-standard', policyId: 'default-city-arrival' });
    expect((await deadlines().clocksFor({ ...criteria, zone: 'suburb' })).arrival).toMatchObject({ targetMinutes: 420, calendarId: 'cn-standard', policyId: 'default' });
  });

  it('gives a quality problem 8 hours of calendar time, in the city too', async () => {
    expect((await deadlines().clocksFor({ ...criteria, zone: 'city', qualityProblem: true })).arrival).toMatchObject({
      targetMinutes: 480,
      calendarId: '24x7',
      policyId: 'default-quality-arrival',
    });
  });

  it('pauses the arrival clock while the order waits for the customer', async () => {
    expect((await deadlines().clocksFor({ ...criteria, zone: 'city' })).arrival.pauseInStates).toEqual(['awaiting_customer']);
  });

  it('keeps the agreement level among the criteria: a tenant policy for that level wins', async () => {
    const tenantPremium = { id: 'acme-premium-arrival', tenantId: 'acme', agreement: 'premium', clocks: { arrival: { targetMinutes: 240, calendarId: 'cn-standard', pauseInStates: [], escalationChain: [] } } } as unknown as SlaPolicy;
    const withTenant = deadlines([tenantPremium]);
    expect((await withTenant.clocksFor({ ...criteria, zone: 'city', agreement: 'premium' })).arrival).toMatchObject({ targetMinutes: 240, policyId: 'acme-premium-arrival' });
    expect((await withTenant.clocksFor({ ...criteria, zone: 'city', agreement: 'standard' })).arrival).toMatchObject({ targetMinutes: 360 });
  });
});
