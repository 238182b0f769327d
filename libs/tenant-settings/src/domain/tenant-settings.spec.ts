import { contractsRegistry, TENANT_SETTINGS_CHANGED_V1 } from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import type { SlaPolicy } from '@aftercare/sla';
import { TenantSettings, TENANT_SETTINGS_INVALID } from './tenant-settings';

const at = new Date('2026-12-01T06:00:00.000Z');
const cityArrival4h: SlaPolicy = {
  id: 'city-arrival-4h',
  tenantId: 'acme',
  zone: 'city',
  clocks: { arrival: { targetMinutes: 240, calendarId: 'cn-standard', pauseInStates: [], escalationChain: [{ afterMinutesOverdue: 0, level: 'dispatcher' }] } },
};
const dispatcherDesk = { level: 'dispatcher', role: 'dispatcher', people: [{ id: 'disp-zhao', name: 'Zhao Lei', phone: '+86 21 5555 0201' }] };

const caught = (fn: () => void): DomainError => {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
};

describe('TenantSettings', () => {
  it('a change publishes the whole settings at the next revision, valid against the contract', () => {
    const settings = TenantSettings.empty('acme');
    settings.change({ policies: [cityArrival4h] }, 'manager-wang', at);
    settings.change({ escalationContacts: [dispatcherDesk] }, 'manager-wang', at);

    expect(settings.revision).toBe(2);
    expect(settings.pendingFacts.map((f) => f.kind)).toEqual(['changed', 'changed']);
    const last = settings.pendingEvents[1];
    expect(last.type).toBe(TENANT_SETTINGS_CHANGED_V1);
    expect(last.data).toMatchObject({ tenantId: 'acme', revision: 2, changedBy: 'manager-wang', policies: [cityArrival4h], escalationContacts: [dispatcherDesk], caseHandling: {} });
    expect(() => contractsRegistry().assertValid(last.type, last.data)).not.toThrow();
  });

  it('a change that changes nothing records nothing and leaves the revision', () => {
    const settings = TenantSettings.empty('acme');
    settings.change({ caseHandling: { duplicateWindowHours: 48 } }, 'm', at);
    const stored = TenantSettings.fromSnapshot({ ...settings.toSnapshot(), version: 1 });
    stored.change({ caseHandling: { duplicateWindowHours: 48 } }, 'm', at);
    expect(stored.pendingFacts).toEqual([]);
    expect(stored.revision).toBe(1);
    expect(stored.unchanged).toBe(true);
  });

  it('refuses invalid contacts and case handling with field errors, recording nothing', () => {
    const settings = TenantSettings.empty('acme');
    const error = caught(() =>
      settings.change(
        {
          escalationContacts: [{ level: 'Service Manager', role: 'manager', people: [{ id: 'x', name: '' }] }],
          caseHandling: { duplicateWindowHours: -1, routingOverrides: { quality_complaint: 'nowhere' } },
        },
        'm',
        at,
      ),
    );
    expect(error.code).toBe(TENANT_SETTINGS_INVALID);
    expect(error.fieldErrors.map((f) => f.field)).toEqual([
      'escalationContacts[0].level',
      'escalationContacts[0].people[0].name',
      'escalationContacts[0].people[0]',
      'duplicateWindowHours',
      'routingOverrides.quality_complaint',
    ]);
    expect(settings.pendingFacts).toEqual([]);
    expect(settings.revision).toBe(0);
  });

  it('a copy adopts a later revision only, and records nothing', () => {
    const copy = TenantSettings.empty('acme');
    const data = { policies: [cityArrival4h], calendars: [], escalationContacts: [], caseHandling: {} };
    expect(copy.adopt(data, 3, at, 'manager-wang')).toBe(true);
    expect(copy.adopt({ ...data, policies: [] }, 3, at, 'manager-wang')).toBe(false);
    expect(copy.adopt({ ...data, policies: [] }, 2, at, 'manager-wang')).toBe(false);
    expect(copy.revision).toBe(3);
    expect(copy.data.policies).toEqual([cityArrival4h]);
    expect(copy.pendingFacts).toEqual([]);
  });
});
