import { contractsRegistry } from '@aftercare/contracts';
import { thrownDomainError } from '@aftercare/ddd';
import { ServiceComplaint } from './service-complaint';

const T0 = new Date('2025-03-24T03:00:00.000Z');
const at = (m: number) => new Date(T0.getTime() + m * 60_000);
const SM = { id: 'sm-zhou', roles: ['service_manager'] };
const DGM = { id: 'dgm-zhao', roles: ['deputy_gm'] };

function complaint(level: 'ordinary' | 'serious' = 'serious'): ServiceComplaint {
  return ServiceComplaint.open({
    id: 'sc-1',
    tenantId: 'acme',
    caseId: 'sr-1',
    channel: 'phone',
    level,
    complainant: { name: 'Li Wei', phone: '+86 21 5555 0101', email: null },
    content: 'Technician arrived four hours late',
    technicianId: 'tech-wang',
    personConcerned: null,
    receivedAt: T0,
    firstResponseDueAt: at(24 * 60),
    preliminaryCheckDueAt: at(3 * 24 * 60),
  });
}

const checked = (level: 'ordinary' | 'serious' = 'serious') => {
  const c = complaint(level);
  c.respond({ actor: SM, note: 'Called the customer back', at: at(30) });
  c.check({ actor: SM, confirmed: true, findings: 'GPS log confirms the delay', at: at(600) });
  return c;
};

describe('ServiceComplaint', () => {
  it('opens with the first-response and preliminary-check deadlines; the event is valid', () => {
    const c = complaint();
    expect(c.status).toBe('received');
    for (const e of c.pendingEvents) contractsRegistry().assertValid(e.type, e.data);
  });

  it('needs the complainant and the content', () => {
    const error = thrownDomainError(() => ServiceComplaint.open({ ...complaint().toSnapshot(), content: '', complainant: { name: '', phone: null, email: null } }));
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['content', 'complainant.name']);
  });

  it('is contacted, checked, then closed — in that order', () => {
    const c = complaint('ordinary');
    expect(thrownDomainError(() => c.close({ actor: SM, result: 'x', at: at(1) })).kind).toBe('conflict');
    expect(thrownDomainError(() => c.check({ actor: SM, confirmed: true, findings: 'x', at: at(1) })).kind).toBe('conflict');
    c.respond({ actor: SM, note: 'Called back', at: at(30) });
    c.check({ actor: SM, confirmed: false, findings: 'Arrived on time per GPS', at: at(60) });
    c.close({ actor: SM, result: 'Not confirmed; explained to the customer', at: at(90) });
    expect(c.state.closure).toMatchObject({ approvedBy: null });
  });

  it('a serious complaint is closed only by the deputy GM (or the GM), and the result goes to the customer in writing', () => {
    const c = checked('serious');
    const error = thrownDomainError(() => c.close({ actor: SM, result: 'Confirmed', at: at(700) }));
    expect([error.code, error.details.approval]).toEqual(['APPROVAL_REQUIRED', true]);
    expect(c.status).toBe('checked');
    c.close({ actor: DGM, result: 'Confirmed; technician coached', at: at(700) });
    expect(c.status).toBe('closed');
    const [letter] = c.pendingOutboundMessages;
    expect(letter.data).toMatchObject({ purpose: 'complaint_result', caseId: 'sr-1', parameters: { confirmed: true } });
    contractsRegistry().assertValid(letter.type, letter.data);
    const closed = c.pendingEvents[c.pendingEvents.length - 1];
    contractsRegistry().assertValid(closed.type, closed.data);
    expect(closed.data).toMatchObject({ confirmed: true, technicianId: 'tech-wang', approvedBy: 'dgm-zhao' });
  });
});
