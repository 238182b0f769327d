import { contractsRegistry, NOTIFICATION_REQUESTED_V1, SUPPLIER_FEEDBACK_RECORDED_V1 } from '@aftercare/contracts';
import { thrownDomainError } from '@aftercare/ddd';
import { QualityClaim } from './quality-claim';
import { qualityClaimMachine, QUALITY_CLAIM_STATUSES, type QualityClaimAction } from './quality-claim.state-machine';
import {
  ACTIONS,
  AGENT,
  CONTAINMENT,
  IMPLEMENTATION,
  MANAGER_TEAM,
  PREVENTION,
  QE,
  ROOT_CAUSE,
  SERVICE_MANAGER,
  TEAM,
  later,
  openedClaim,
  persisted,
  triaged,
  verified,
} from './testing/quality-claim.builders';

const validEvents = (claim: QualityClaim) => {
  for (const e of claim.pendingEvents) contractsRegistry().assertValid(e.type, e.data);
  for (const m of claim.pendingOutboundMessages) contractsRegistry().assertValid(m.type, m.data);
  return claim.pendingEvents.map((e) => e.type.split('.').slice(-2)[0]);
};

describe('QualityClaim', () => {
  it('opens registered with the problem (D2) and the first-contact and rectification clocks', () => {
    const claim = openedClaim();
    expect(claim.status).toBe('registered');
    expect(claim.pendingFacts.map((f) => f.kind)).toEqual(['opened']);
    expect(claim.state.problem).toMatchObject({ what: 'Seal leaks after 200 h', where: 'Line 3', howMany: 40 });
    expect(claim.state.linkedCaseIds).toEqual(['sr-1']);
    expect(validEvents(claim)).toEqual(['opened']);
  });

  it('refuses to open without a problem description', () => {
    const error = thrownDomainError(() => openedClaim({ problem: { what: '  ' } }));
    expect(error.code).toBe('QUALITY_CLAIM_INVALID');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['problem.what']);
  });

  it('runs the whole 8D, every discipline recorded and every event valid', () => {
    const claim = verified();
    claim.recognise({ note: 'Thanks to the oven team', at: later(1500) });
    claim.close({ actor: QE, at: later(1600) });
    expect(claim.status).toBe('closed');
    expect(validEvents(claim)).toEqual(['opened', 'triaged', 'progressed', 'progressed', 'progressed', 'progressed', 'progressed', 'closed']);
    const s = claim.state;
    expect([s.team, s.problem, s.containment, s.rootCause, s.actions[0], s.implementation, s.verification, s.prevention, s.recognition].every(Boolean)).toBe(true);
    expect(s.actions[0]).toMatchObject({ owner: 'eng-sun', implementedAt: later(1000) });
    expect(s.closure).toMatchObject({ closedBy: 'qe-chen', approvedBy: null });
  });

  describe('gates', () => {
    it('closing before verification is a conflict (409)', () => {
      const claim = persisted(triaged());
      const error = thrownDomainError(() => claim.close({ actor: QE, at: later(200) }));
      expect([error.code, error.kind]).toEqual(['QUALITY_CLAIM_ILLEGAL_TRANSITION', 'conflict']);
      expect(claim.pendingFacts).toEqual([]);
    });

    it('an action without owner or deadline is 422 naming both, and nothing changes', () => {
      const claim = triaged();
      claim.contain({ ...CONTAINMENT, at: later(120) });
      claim.identifyRootCause({ ...ROOT_CAUSE, at: later(600) });
      const loaded = persisted(claim);
      const error = thrownDomainError(() => loaded.planActions({ actions: [{ description: 'Fix it', owner: '', deadline: null }], at: later(700) }));
      expect([error.code, error.kind]).toEqual(['QUALITY_CLAIM_INVALID', 'rule']);
      expect(error.fieldErrors.map((e) => e.field)).toEqual(['actions[0].owner', 'actions[0].deadline']);
      expect(loaded.status).toBe('root_cause_identified');
      expect(loaded.pendingFacts).toEqual([]);
    });

    it('only a quality engineer verifies effectiveness', () => {
      const claim = triaged();
      claim.contain({ ...CONTAINMENT, at: later(120) });
      claim.identifyRootCause({ ...ROOT_CAUSE, at: later(600) });
      claim.planActions({ actions: ACTIONS, at: later(700) });
      claim.implement({ ...IMPLEMENTATION, at: later(1000) });
      for (const actor of [AGENT, SERVICE_MANAGER]) {
        expect(thrownDomainError(() => claim.verify({ actor, result: 'ok', prevention: PREVENTION, at: later(1400) })).code).toBe('QUALITY_ENGINEER_REQUIRED');
      }
      expect(claim.status).toBe('actions_implemented');
    });

    it('D3 needs quantities and places; D4 needs the why-chain, the root cause and the escape point; D6 needs evidence', () => {
      const claim = triaged();
      expect(thrownDomainError(() => claim.contain({ actions: '', quantitySuspect: 5, quantityContained: 6, locations: [], at: later(1) })).fieldErrors.map((e) => e.field)).toEqual([
        'actions',
        'quantityContained',
        'locations',
      ]);
      claim.contain({ ...CONTAINMENT, at: later(120) });
      expect(thrownDomainError(() => claim.identifyRootCause({ whyChain: [], rootCause: '', escapePoint: '', at: later(1) })).fieldErrors.map((e) => e.field)).toEqual([
        'whyChain',
        'rootCause',
        'escapePoint',
      ]);
      claim.identifyRootCause({ ...ROOT_CAUSE, at: later(600) });
      claim.planActions({ actions: ACTIONS, at: later(700) });
      expect(thrownDomainError(() => claim.implement({ summary: 'done', evidence: [], at: later(1) })).fieldErrors.map((e) => e.field)).toEqual(['evidence']);
    });

    it('closing needs the 8D team', () => {
      const claim = openedClaim();
      claim.triage({ urgency: 'normal', severity: 'minor', department: 'design', responsibility: 'design', productionStopped: false, closureDueAt: later(7 * 1440), at: later(1) });
      claim.contain({ ...CONTAINMENT, at: later(2) });
      claim.identifyRootCause({ ...ROOT_CAUSE, at: later(3) });
      claim.planActions({ actions: ACTIONS, at: later(4) });
      claim.implement({ ...IMPLEMENTATION, at: later(5) });
      claim.verify({ actor: QE, result: 'ok', prevention: PREVENTION, at: later(6) });
      expect(thrownDomainError(() => claim.close({ actor: QE, at: later(7) })).fieldErrors.map((e) => e.field)).toEqual(['team']);
    });
  });

  describe('major claims (production stopped)', () => {
    it('need an escalation team led by a manager rank before containment', () => {
      const claim = openedClaim();
      claim.triage({ urgency: 'urgent', severity: 'critical', department: 'manufacturing', responsibility: 'undetermined', productionStopped: true, closureDueAt: later(2880), at: later(1) });
      expect(thrownDomainError(() => claim.contain({ ...CONTAINMENT, at: later(2) })).code).toBe('ESCALATION_TEAM_REQUIRED');
      expect(thrownDomainError(() => claim.formTeam({ ...TEAM, at: later(3) })).fieldErrors.map((e) => e.field)).toEqual(['leader.role']);
      claim.formTeam({ ...MANAGER_TEAM, at: later(3) });
      claim.contain({ ...CONTAINMENT, at: later(4) });
      expect(claim.status).toBe('contained');
    });

    it("are closed only with a manager's approval and a final written report; progress notes are kept", () => {
      const claim = verified({ major: true });
      claim.addNote({ by: 'sm-zhou', text: 'Line restarted with contained stock', at: later(1401) });
      expect(thrownDomainError(() => claim.close({ actor: QE, finalReport: 'report', at: later(1500) })).code).toBe('APPROVAL_REQUIRED');
      expect(thrownDomainError(() => claim.close({ actor: SERVICE_MANAGER, at: later(1500) })).fieldErrors.map((e) => e.field)).toEqual(['finalReport']);
      claim.close({ actor: SERVICE_MANAGER, finalReport: 'Final 8D report: thermocouple drift; calibration plan', at: later(1500) });
      expect(claim.state.closure).toMatchObject({ approvedBy: 'sm-zhou', finalReport: expect.stringContaining('Final 8D') });
      expect(claim.state.notes).toHaveLength(1);
      expect(validEvents(claim).pop()).toBe('closed');
    });
  });

  describe('misuse', () => {
    it('rejects with the reason and sends the customer the correct use; charged unless goodwill', () => {
      const claim = persisted(triaged());
      claim.reject({ actor: QE, reason: 'Ran dry against the manual', customerMisuse: true, correctUseInstructions: 'Prime the pump before start (manual 4.2)', at: later(200) });
      expect(claim.status).toBe('rejected');
      expect(claim.state.triage?.responsibility).toBe('customer_misuse');
      expect(validEvents(claim)).toEqual(['rejected']);
      const [letter] = claim.pendingOutboundMessages;
      expect(letter.type).toBe(NOTIFICATION_REQUESTED_V1);
      expect(letter.data).toMatchObject({ caseId: 'sr-1', parameters: { correctUse: 'Prime the pump before start (manual 4.2)', charged: true } });
    });

    it('needs the correct-use instructions, and goodwill needs management approval', () => {
      const claim = persisted(triaged());
      expect(thrownDomainError(() => claim.reject({ actor: QE, reason: 'misuse', customerMisuse: true, at: later(1) })).fieldErrors.map((e) => e.field)).toEqual([
        'correctUseInstructions',
      ]);
      expect(thrownDomainError(() => claim.reject({ actor: QE, reason: 'misuse', customerMisuse: true, correctUseInstructions: 'x', goodwill: true, at: later(1) })).code).toBe(
        'APPROVAL_REQUIRED',
      );
      claim.reject({ actor: SERVICE_MANAGER, reason: 'misuse', customerMisuse: true, correctUseInstructions: 'x', goodwill: true, at: later(1) });
      expect(claim.state.rejection?.goodwillApprovedBy).toBe('sm-zhou');
      expect(claim.pendingOutboundMessages[0].data).toMatchObject({ parameters: { charged: false } });
    });

    it('a rejection that is not misuse sends no letter', () => {
      const claim = persisted(openedClaim());
      claim.reject({ actor: QE, reason: 'Not our product', customerMisuse: false, at: later(1) });
      expect(claim.pendingOutboundMessages).toEqual([]);
    });
  });

  describe('supplier-caused defects', () => {
    it('send one supplier-feedback record when triage names the supplier', () => {
      const claim = triaged({ responsibility: 'supplier' });
      const feedback = claim.pendingOutboundMessages.filter((m) => m.type === SUPPLIER_FEEDBACK_RECORDED_V1);
      expect(feedback).toHaveLength(1);
      expect(feedback[0].data).toMatchObject({ claimId: 'qc-1', supplierId: 'sup-1', partNo: 'SEAL-01', quantityAffected: 40 });
      validEvents(claim);
    });

    it("opened from parts' record, know the supplier and never send purchasing a second record", () => {
      const reported = { feedbackId: 'spf-9', supplierId: 'sup-1', partNo: 'SEAL-01', defect: 'hardness out of tolerance', quantityAffected: 2 };
      const claim = persisted(openedClaim({ origin: 'supplier_feedback', originReference: 'spf-9', reportedSupplierDefect: reported }));
      expect(claim.state.supplierDefect).toEqual({ supplierId: 'sup-1', partNo: 'SEAL-01', defect: 'hardness out of tolerance', quantityAffected: 2 });
      claim.triage({
        urgency: 'normal',
        severity: 'major',
        department: 'purchasing',
        responsibility: 'supplier',
        productionStopped: false,
        supplier: { supplierId: 'sup-1', partNo: 'SEAL-01', defect: 'hardness', quantityAffected: 2 },
        closureDueAt: later(7 * 24 * 60),
        at: later(60),
      });
      expect(claim.pendingOutboundMessages).toEqual([]);
      expect(claim.state.supplierFeedbackId).toBe('spf-9');
      expect(validEvents(claim)).toEqual(['triaged']);
    });

    it('found at the root cause, and never a second time', () => {
      const claim = triaged({ responsibility: 'supplier' });
      claim.contain({ ...CONTAINMENT, at: later(120) });
      const loaded = persisted(claim);
      const supplier = { supplierId: 'sup-1', partNo: 'SEAL-01', defect: 'hardness', quantityAffected: null };
      loaded.identifyRootCause({ ...ROOT_CAUSE, responsibility: 'supplier', supplier, at: later(600) });
      expect(loaded.pendingOutboundMessages).toEqual([]);

      const fresh = triaged();
      fresh.contain({ ...CONTAINMENT, at: later(120) });
      const other = persisted(fresh);
      expect(thrownDomainError(() => other.identifyRootCause({ ...ROOT_CAUSE, responsibility: 'supplier', at: later(600) })).fieldErrors.map((e) => e.field)).toEqual([
        'supplier.supplierId',
        'supplier.partNo',
        'supplier.defect',
      ]);
      other.identifyRootCause({ ...ROOT_CAUSE, responsibility: 'supplier', supplier, at: later(600) });
      expect(other.pendingOutboundMessages.map((m) => m.type)).toEqual([SUPPLIER_FEEDBACK_RECORDED_V1]);
    });
  });

  it('records the first customer contact once', () => {
    const claim = openedClaim();
    expect(claim.recordCustomerContact({ kind: 'first_contact', at: later(10) })).toBe(true);
    expect(claim.recordCustomerContact({ kind: 'first_contact', at: later(20) })).toBe(false);
    expect(claim.recordCustomerContact({ kind: 'rectification_status', at: later(30) })).toBe(true);
    expect(claim.state).toMatchObject({ firstContactAt: later(10), rectificationStatusSentAt: later(30) });
  });

  it('survives a snapshot round trip', () => {
    const claim = verified();
    expect(QualityClaim.fromSnapshot(claim.toSnapshot()).toSnapshot()).toEqual(claim.toSnapshot());
  });
});

describe('the 8D state machine', () => {
  const ACTIONS_: QualityClaimAction[] = ['triage', 'contain', 'identifyRootCause', 'planActions', 'implement', 'verify', 'close', 'reject'];
  const ALLOWED: Record<QualityClaimAction, string[]> = {
    triage: ['registered'],
    contain: ['triaged'],
    identifyRootCause: ['contained'],
    planActions: ['root_cause_identified'],
    implement: ['actions_planned'],
    verify: ['actions_implemented'],
    close: ['verified'],
    reject: ['registered', 'triaged', 'contained', 'root_cause_identified'],
  };
  it.each(QUALITY_CLAIM_STATUSES.flatMap((s) => ACTIONS_.map((a) => [s, a] as const)))('%s + %s', (status, action) => {
    expect(qualityClaimMachine.can(status, action)).toBe(ALLOWED[action].includes(status));
  });
});
