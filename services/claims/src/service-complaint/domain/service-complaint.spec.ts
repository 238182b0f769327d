import { contractsRegistry, SERVICE_COMPLAINT_ESCALATED_V1 } from '@aftercare/contracts';
import { thrownDomainError } from '@aftercare/ddd';
import { COMPLAINT_STATUSES, ServiceComplaint } from './service-complaint';
import { ClaimClocks } from '../../clocks/claim-clocks';

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
  it('a complaint about no single case (a month below the satisfaction target) runs the same flow; its result is internal: no letter, no ce_caseid', () => {
    const c = ServiceComplaint.open({ ...complaint('ordinary').toSnapshot(), caseId: null, channel: 'survey', technicianId: null });
    c.respond({ actor: SM, note: 'Quality department reviewing the month', at: at(30) });
    c.check({ actor: SM, confirmed: true, findings: 'Arrival times late in two districts', at: at(600) });
    c.close({ actor: SM, result: 'Routing changed in both districts', at: at(700) });
    expect(c.pendingOutboundMessages).toEqual([]);
    for (const e of c.pendingEvents) {
      contractsRegistry().assertValid(e.type, e.data);
      expect([e.caseId, (e.data as { caseId: string | null }).caseId]).toEqual([undefined, null]);
    }
    const blankCase = thrownDomainError(() => ServiceComplaint.open({ ...complaint().toSnapshot(), caseId: ' ' }));
    expect(blankCase.fieldErrors.map((e) => e.field)).toEqual(['caseId']);
  });

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

describe('ServiceComplaint clocks: breach and escalation', () => {
  const timing = new ClaimClocks('calendar').escalation;
  const loaded = (c: ServiceComplaint) => ServiceComplaint.fromSnapshot({ ...c.toSnapshot(), version: 1 });
  const escalated = (c: ServiceComplaint) =>
    c.pendingEvents
      .filter((e) => e.type === SERVICE_COMPLAINT_ESCALATED_V1)
      .map((e) => {
        contractsRegistry().assertValid(e.type, e.data);
        const d = e.data as { clock: string; step: number; escalatedTo: string; breach: boolean };
        return `${d.clock}:${d.step}:${d.escalatedTo}:${d.breach}`;
      });

  it('an uncontacted complainant breaches the first response just after 24 h, then climbs one level at a time', () => {
    const c = loaded(complaint('ordinary'));
    expect(c.climbEscalations(timing, at(24 * 60))).toBe(0);
    expect(c.nextEscalationAt(timing)).toEqual(new Date(at(24 * 60).getTime() + 1));
    expect(c.climbEscalations(timing, at(24 * 60 + 1))).toBe(1);
    expect(c.climbEscalations(timing, at(24 * 60 + 240))).toBe(1);
    expect(c.climbEscalations(timing, at(24 * 60 + 241))).toBe(0);
    expect(escalated(c)).toEqual(['first_response:1:quality_engineer:true', 'first_response:2:service_manager:false']);
  });

  it('a late check sends every missed level of both clocks once; none after closing', () => {
    const c = loaded(complaint('ordinary'));
    expect(c.climbEscalations(timing, at(10 * 24 * 60))).toBe(6);
    expect(c.climbEscalations(timing, at(20 * 24 * 60))).toBe(0);
    expect(c.nextEscalationAt(timing)).toBeNull();
    expect(c.state.escalations.map((e) => `${e.clock}:${e.level}`)).toEqual([
      'first_response:quality_engineer',
      'first_response:service_manager',
      'first_response:deputy_gm',
      'preliminary_check:quality_engineer',
      'preliminary_check:service_manager',
      'preliminary_check:deputy_gm',
    ]);
  });

  it('the first response stops its clock, the check the other; a closed complaint has none', () => {
    const responded = loaded(complaint('ordinary'));
    responded.respond({ actor: SM, note: 'Called back', at: at(30) });
    expect(responded.nextEscalationAt(timing)).toEqual(new Date(at(3 * 24 * 60).getTime() + 1));
    const done = loaded(checked('ordinary'));
    expect(done.nextEscalationAt(timing)).toBeNull();
    done.close({ actor: SM, result: 'Apologised', at: at(700) });
    expect(done.climbEscalations(timing, at(30 * 24 * 60))).toBe(0);
  });

  it('complaints stored before escalation was run load with none recorded', () => {
    const { escalations: _none, ...older } = complaint().toSnapshot();
    expect(ServiceComplaint.fromSnapshot(older as never).state.escalations).toEqual([]);
  });

  describe('every status × action', () => {
    const ATTEMPTS: Record<string, (c: ServiceComplaint) => void> = {
      respond: (c) => c.respond({ actor: DGM, note: 'Called back', at: at(1) }),
      check: (c) => c.check({ actor: DGM, confirmed: true, findings: 'Confirmed', at: at(2) }),
      close: (c) => c.close({ actor: DGM, result: 'Coached', at: at(3) }),
    };
    const AT_STATUS: Record<string, string[]> = { received: [], responded: ['respond'], checked: ['respond', 'check'], closed: ['respond', 'check', 'close'] };
    const ALLOWED: Record<string, string> = { respond: 'received', check: 'responded', close: 'checked' };

    it.each(COMPLAINT_STATUSES.flatMap((status) => Object.keys(ATTEMPTS).map((action) => [status, action] as const)))('%s + %s', (status, action) => {
      const c = complaint();
      for (const step of AT_STATUS[status]) ATTEMPTS[step](c);
      expect(c.status).toBe(status);
      if (ALLOWED[action] === status) expect(() => ATTEMPTS[action](c)).not.toThrow();
      else expect(thrownDomainError(() => ATTEMPTS[action](c)).kind).toBe('conflict');
    });
  });
});
