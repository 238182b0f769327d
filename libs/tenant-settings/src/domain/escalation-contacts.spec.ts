import { contactsAt, DEFAULT_ESCALATION_LEVELS, escalationContactProblems } from './escalation-contacts';

describe('escalation contacts', () => {
  const manager = { level: 'service_manager', role: 'manager', people: [{ id: 'mgr-wang', name: 'Wang Fang', email: 'wang@example.com' }] };

  it('a level the tenant names reaches its people; the others fall back to the default role with nobody', () => {
    expect(contactsAt([manager], 'service_manager')).toBe(manager);
    expect(contactsAt([manager], 'deputy_gm')).toEqual({ level: 'deputy_gm', role: 'manager', people: [] });
    expect(contactsAt([], 'regional_director')).toEqual({ level: 'regional_director', role: 'regional_director', people: [] });
    expect(DEFAULT_ESCALATION_LEVELS.map((l) => l.level)).toEqual(['dispatcher', 'service_manager', 'deputy_gm']);
  });

  it('accepts a well-formed chain', () => {
    expect(escalationContactProblems([manager, { level: 'deputy_gm', role: 'manager', people: [] }])).toEqual([]);
  });

  it('names each problem: a repeated level or person, a missing name, nobody to reach them by, a bad role', () => {
    const problems = escalationContactProblems([
      manager,
      { ...manager, people: [...manager.people, { id: 'mgr-wang', name: 'W' , phone: '1' }] },
      { level: 'deputy_gm', role: '', people: [{ id: 'dgm', name: 'Chen' }] },
    ]);
    expect(problems.map((p) => p.field)).toEqual([
      'escalationContacts[1].level',
      'escalationContacts[1].people[1].id',
      'escalationContacts[2].role',
      'escalationContacts[2].people[0]',
    ]);
  });
});
