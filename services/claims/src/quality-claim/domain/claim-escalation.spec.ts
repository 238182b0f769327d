import { contractsRegistry, QUALITY_CLAIM_ESCALATED_V1, type QualityClaimEscalatedV1 } from '@aftercare/contracts';
import { ClaimClocks } from '../../clocks/claim-clocks';
import type { EscalationTiming } from './claim-escalation';
import { QualityClaim } from './quality-claim';
import { CONTAINMENT, IMPLEMENTATION, QE, ROOT_CAUSE, later, openedClaim, persisted, triaged, verified } from './testing/quality-claim.builders';

const calendarDays = new ClaimClocks('calendar').escalation;
const minutes = (n: number) => n * 60_000;
const escalatedEvents = (claim: ReturnType<typeof openedClaim>): QualityClaimEscalatedV1[] =>
  claim.pendingEvents
    .filter((e) => e.type === QUALITY_CLAIM_ESCALATED_V1)
    .map((e) => {
      contractsRegistry().assertValid(e.type, e.data);
      return e.data as QualityClaimEscalatedV1;
    });

describe('claim clocks: breach and escalation', () => {
  // The builders' claim: first contact due at +48 h, rectification status at +72 h.
  const firstContactDue = later(48 * 60);

  it('is in time on the deadline itself and breaches just after it, to the quality engineer', () => {
    const claim = persisted(openedClaim());
    expect(claim.climbEscalations(calendarDays, firstContactDue)).toBe(0);
    expect(claim.nextEscalationAt(calendarDays)).toEqual(new Date(firstContactDue.getTime() + 1));
    const justAfter = new Date(firstContactDue.getTime() + 1);
    expect(claim.climbEscalations(calendarDays, justAfter)).toBe(1);
    expect(escalatedEvents(claim)).toEqual([
      expect.objectContaining({ clock: 'first_contact', step: 1, breach: true, level: 'quality_engineer', deadline: firstContactDue.toISOString(), status: 'registered' }),
    ]);
  });

  it('climbs one level at a time, each once: service manager 240 overdue minutes later, deputy GM 1440 later', () => {
    const claim = persisted(openedClaim());
    claim.climbEscalations(calendarDays, new Date(firstContactDue.getTime() + minutes(10)));
    expect(claim.nextEscalationAt(calendarDays)).toEqual(new Date(firstContactDue.getTime() + minutes(240)));
    expect(claim.climbEscalations(calendarDays, new Date(firstContactDue.getTime() + minutes(239)))).toBe(0);
    expect(claim.climbEscalations(calendarDays, new Date(firstContactDue.getTime() + minutes(240)))).toBe(1);
    expect(claim.climbEscalations(calendarDays, new Date(firstContactDue.getTime() + minutes(241)))).toBe(0);
    expect(claim.state.escalations.map((e) => [e.clock, e.step, e.level])).toEqual([
      ['first_contact', 1, 'quality_engineer'],
      ['first_contact', 2, 'service_manager'],
    ]);
  });

  it('a late check sends every level it missed, in order, and none twice', () => {
    const claim = persisted(openedClaim());
    const muchLater = later(10 * 24 * 60);
    expect(claim.climbEscalations(calendarDays, muchLater)).toBe(6);
    expect(escalatedEvents(claim).map((e) => `${e.clock}:${e.step}:${e.level}`)).toEqual([
      'first_contact:1:quality_engineer',
      'first_contact:2:service_manager',
      'first_contact:3:deputy_gm',
      'rectification_status:1:quality_engineer',
      'rectification_status:2:service_manager',
      'rectification_status:3:deputy_gm',
    ]);
    expect(claim.climbEscalations(calendarDays, later(20 * 24 * 60))).toBe(0);
    expect(claim.nextEscalationAt(calendarDays)).toBeNull();
  });

  it('a clock whose event happened stops: the customer contacted, the status sent', () => {
    const claim = persisted(openedClaim());
    claim.recordCustomerContact({ kind: 'first_contact', at: later(60) });
    expect(claim.nextEscalationAt(calendarDays)).toEqual(new Date(later(72 * 60).getTime() + 1));
    claim.recordCustomerContact({ kind: 'rectification_status', at: later(120) });
    expect(claim.nextEscalationAt(calendarDays)).toBeNull();
    expect(claim.climbEscalations(calendarDays, later(30 * 24 * 60))).toBe(0);
  });

  it('the closure clock runs from triage on and stops when the claim is closed or rejected', () => {
    const claim = verified();
    claim.recordCustomerContact({ kind: 'rectification_status', at: later(100) });
    const closureDue = claim.state.deadlines.closureDueAt!;
    expect(claim.nextEscalationAt(calendarDays)).toEqual(new Date(closureDue.getTime() + 1));
    const closed = persisted(claim);
    closed.close({ actor: QE, at: later(1500) });
    expect(closed.nextEscalationAt(calendarDays)).toBeNull();
    expect(closed.climbEscalations(calendarDays, later(30 * 24 * 60))).toBe(0);

    const rejected = persisted(triaged());
    rejected.reject({ actor: QE, reason: 'No fault found', customerMisuse: false, at: later(100) });
    expect(rejected.climbEscalations(calendarDays, later(30 * 24 * 60))).toBe(0);
  });

  it('overdue time counts on working days in the working reading: nobody is escalated over a weekend', () => {
    const working = new ClaimClocks('working');
    // Friday 2025-03-28 17:30 Shanghai (09:30 UTC) is the end of the working week.
    const friday = new Date('2025-03-28T09:30:00.000Z');
    const claim = persisted(openedClaim({ deadlines: { firstContactDueAt: friday, rectificationStatusDueAt: later(30 * 24 * 60) }, at: later(0) }));
    expect(claim.climbEscalations(working.escalation, new Date('2025-03-29T09:00:00.000Z'))).toBe(1);
    // 240 working minutes after Friday's close: Monday 08:30–12:00 and 13:00–13:30 Shanghai (05:30 UTC), not Saturday.
    expect(claim.nextEscalationAt(working.escalation)).toEqual(new Date('2025-03-31T05:30:00.000Z'));
    expect(claim.climbEscalations(working.escalation, new Date('2025-03-31T05:29:00.000Z'))).toBe(0);
    const timing: EscalationTiming = calendarDays;
    expect(persisted(openedClaim({ deadlines: { firstContactDueAt: friday, rectificationStatusDueAt: later(30 * 24 * 60) } })).nextEscalationAt(timing)).toEqual(
      new Date(friday.getTime() + 1),
    );
  });

  it('claims stored before escalation was run load with none recorded', () => {
    const { escalations: _none, ...older } = openedClaim().toSnapshot();
    const claim = QualityClaim.fromSnapshot(older as never);
    expect(claim.state.escalations).toEqual([]);
    expect(claim.climbEscalations(calendarDays, later(49 * 60))).toBe(1);
  });

  describe('corrective actions', () => {
    const planned = (deadlines: Date[]): QualityClaim => {
      const claim = triaged();
      claim.contain({ ...CONTAINMENT, at: later(120) });
      claim.identifyRootCause({ ...ROOT_CAUSE, responsibility: 'manufacturing', at: later(600) });
      claim.planActions({ actions: deadlines.map((deadline, i) => ({ description: `Action ${i + 1}`, owner: `eng-${i + 1}`, deadline })), at: later(700) });
      return persisted(claim);
    };
    const actionSteps = (claim: QualityClaim) => escalatedEvents(claim).filter((e) => e.clock === 'corrective_actions').map((e) => [e.step, e.level, e.deadline]);

    it('an action past its deadline and not implemented breaches to the quality engineer, then climbs; the earliest deadline runs', () => {
      const earliest = later(5 * 24 * 60);
      const claim = planned([later(9 * 24 * 60), earliest]);
      claim.climbEscalations(calendarDays, new Date(earliest.getTime() + 1));
      claim.climbEscalations(calendarDays, new Date(earliest.getTime() + minutes(240)));
      expect(actionSteps(claim)).toEqual([
        [1, 'quality_engineer', earliest.toISOString()],
        [2, 'service_manager', earliest.toISOString()],
      ]);
    });

    it('implemented actions stop the clock; none before the deadline', () => {
      const deadline = later(5 * 24 * 60);
      const claim = planned([deadline]);
      expect(claim.climbEscalations(calendarDays, deadline)).toBeGreaterThanOrEqual(0);
      expect(actionSteps(claim)).toEqual([]);
      claim.implement({ ...IMPLEMENTATION, at: later(1000) });
      claim.climbEscalations(calendarDays, later(30 * 24 * 60));
      expect(actionSteps(claim)).toEqual([]);
    });
  });
});
