import {
  SchemaValidationError,
  WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_COMPLETION_OVERDUE_V1,
  WORK_ORDER_ESCALATED_V1,
  WORK_ORDER_ESCALATED_V2,
  WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_EVENT_TYPES,
  WORK_ORDER_STARTED_V1,
  contractsRegistry,
} from '@aftercare/contracts';
import type { AssignmentDecision } from './assignment/assignment-log';
import type { CandidateEvaluation } from './assignment/rank-candidates';
import { at, hours, minutes, SITE, T0 } from './__fixtures__/work-order.fixtures';
import { toWorkOrderEvent, type WorkOrderEventSource } from './work-order.event-mapper';
import type { WorkOrderFact, WorkOrderFactKind } from './work-order.facts';
import type { CarryIn, ServiceReport } from './work-order.types';

/** The order as the mapper reads it: plain data, no aggregate needed. */
const order = (overrides: Partial<WorkOrderEventSource> = {}): WorkOrderEventSource => ({
  id: 'wo-1',
  tenantId: 'tenant-a',
  caseId: 'case-1',
  type: 'repair',
  priority: 'P2',
  status: 'in_progress',
  site: SITE,
  product: { model: 'CP-200', line: 'pumps' },
  serialNo: 'SN-0001',
  requiredSkills: ['refrigeration'],
  arrivalDeadline: at(hours(6)),
  completionDeadline: at(hours(48)),
  technicianId: 'tech-alice',
  arrivedAt: at(hours(1)),
  declines: [],
  reworkCount: 0,
  ...overrides,
});

const winner: CandidateEvaluation = {
  technicianId: 'tech-alice',
  eligible: true,
  distanceKm: 10,
  etaMinutes: 15,
  canMeetDeadline: true,
  load: 0,
  continuity: false,
  score: 10_000_100_000,
};
const rejected: CandidateEvaluation = { ...winner, technicianId: 'tech-bob', eligible: false, rejectedBecause: ['zone', 'off_shift'], score: 0 };
const decision = (overrides: Partial<AssignmentDecision> = {}): AssignmentDecision => ({
  attempt: 1,
  decidedAt: at(minutes(5)),
  override: false,
  decidedBy: null,
  reason: null,
  winnerTechnicianId: 'tech-alice',
  winnerScore: winner.score,
  config: { averageSpeedKmh: 40, minutesPerQueuedJob: 60 },
  lastTechnicianId: null,
  repeatRepair: false,
  candidates: [winner, rejected],
  ...overrides,
});
const signature = { name: 'Li Wei', signedAt: at(hours(4)), signatureRef: 'sig/1.png' };
const report: ServiceReport = {
  faultCause: 'Worn seal',
  faultCategory: 'seal-leak',
  resolution: 'Replaced the seal',
  partsReplaced: [{ partNo: 'SEAL-22', quantity: 1, serialOut: 'S-1', serialIn: 'S-2' }],
  labourHours: 1.5,
  travelHours: 0.5,
  personTimes: 1,
  customerAcceptance: signature,
};
const carryIn: CarryIn = {
  receiptNo: 'R-1',
  takenAt: at(hours(2)),
  promisedReturnDate: at(hours(72)),
  technicianId: 'tech-alice',
  repairCard: { actualHours: 2, parts: [{ partNo: 'MOTOR-7', quantity: 1 }], notes: null, updatedAt: at(hours(5)) },
  inspection: { inspectedBy: 'supervisor-1', inspectedAt: at(hours(6)), remarks: 'ok' },
  returnedAt: at(hours(80)),
  returnSignature: signature,
};
const breach = { deadline: at(hours(6)), actualAt: null, minutesLate: 30 };
const wait = { parts: [{ partNo: 'SEAL-22', quantity: 1 }], neededBy: null, requestedAt: at(hours(2)), resumedAt: null };

/** One fact of every kind. */
const everyKind: Record<WorkOrderFactKind, WorkOrderFact> = {
  created: { kind: 'created', at: T0 },
  technicianAssigned: { kind: 'technicianAssigned', at: at(minutes(5)), decision: decision(), winner },
  noTechnicianFound: { kind: 'noTechnicianFound', at: at(minutes(5)), decision: decision({ winnerTechnicianId: null, winnerScore: null, candidates: [rejected] }) },
  accepted: { kind: 'accepted', at: at(minutes(10)), technicianId: 'tech-alice' },
  declined: { kind: 'declined', at: at(minutes(10)), decline: { technicianId: 'tech-alice', reason: 'Sick', at: at(minutes(10)) } },
  visitScheduled: { kind: 'visitScheduled', at: at(minutes(15)), appointment: { windowStart: at(hours(1)), windowEnd: at(hours(3)), agreedWith: null, agreedAt: at(minutes(15)) }, rescheduled: false },
  customerWaitStarted: { kind: 'customerWaitStarted', at: at(minutes(15)), appointment: { windowStart: at(hours(26)), windowEnd: at(hours(28)), agreedWith: 'Li Wei', agreedAt: at(minutes(15)) } },
  departedForSite: { kind: 'departedForSite', at: at(minutes(30)), estimatedArrivalAt: null },
  arrivedOnSite: { kind: 'arrivedOnSite', at: at(hours(1)) },
  workStarted: { kind: 'workStarted', at: at(minutes(65)), where: 'on_site' },
  partsRequested: { kind: 'partsRequested', at: at(hours(2)), wait },
  workResumed: { kind: 'workResumed', at: at(hours(3)), wait: { ...wait, resumedAt: at(hours(3)) } },
  completed: { kind: 'completed', at: at(hours(4)), report, carriedIn: false },
  carriedIn: { kind: 'carriedIn', at: at(hours(2)), carryIn },
  repairCardUpdated: { kind: 'repairCardUpdated', at: at(hours(5)), carryIn },
  repairInspected: { kind: 'repairInspected', at: at(hours(6)), carryIn },
  returnedToCustomer: { kind: 'returnedToCustomer', at: at(hours(80)), carryIn },
  verified: { kind: 'verified', at: at(hours(5)), verification: { verifiedBy: 'qc-1', verifiedAt: at(hours(5)), remarks: null } },
  reworkRequired: { kind: 'reworkRequired', at: at(hours(5)), rework: { inspectedBy: 'qc-1', reason: 'Leaks', at: at(hours(5)) } },
  closed: { kind: 'closed', at: at(hours(6)), closedBy: 'dispatcher-1' },
  cancelled: { kind: 'cancelled', at: at(hours(6)), cancellation: { reason: 'Withdrawn', reasonCode: 'customer_request', cancelledBy: 'agent-1', cancelledAt: at(hours(6)), previousStatus: 'scheduled' } },
  escalated: { kind: 'escalated', at: at(hours(6)), escalation: { reason: 'technician_request', at: at(hours(6)), note: 'Help', raisedBy: 'tech-alice' } },
  misuseFlagged: { kind: 'misuseFlagged', at: at(hours(2)), misuse: { note: 'Run dry', flaggedBy: 'tech-alice', at: at(hours(2)), previousFeeClass: null } },
  arrivalDeadlineBreached: { kind: 'arrivalDeadlineBreached', at: at(hours(7)), breach },
  completionOverdue: { kind: 'completionOverdue', at: at(hours(49)), breach: { ...breach, deadline: at(hours(48)) } },
  technicianArrangementOverdue: { kind: 'technicianArrangementOverdue', at: at(hours(24) + 1), breach: { deadline: at(hours(24)), actualAt: null, minutesLate: 1 } },
  repeatRepairDetected: {
    kind: 'repeatRepairDetected',
    at: at(hours(5)),
    finding: {
      workOrderId: 'wo-1',
      caseId: 'case-1',
      tenantId: 'tenant-a',
      serialNo: 'SN-0001',
      faultCategory: 'seal-leak',
      completedAt: at(hours(4)),
      technicianId: 'tech-alice',
      previousWorkOrderId: 'wo-0',
      previousCaseId: 'case-0',
      previousCompletedAt: at(-hours(240)),
      previousTechnicianId: 'tech-bob',
      daysBetween: 10.17,
      windowDays: 30,
    },
  },
};

/** Facts of a kind that is published as another type by what they carry: the escalation v1 cannot name goes out as v2. */
const notArranged: WorkOrderFact = {
  kind: 'escalated',
  at: at(hours(24) + 1),
  escalation: { reason: 'technician_not_arranged', at: at(hours(24) + 1), note: null, raisedBy: null, level: 'service_manager', step: 2 },
};
const everyType: Array<[string, WorkOrderFact]> = [...Object.entries(everyKind), ['escalated (technician_not_arranged)', notArranged]];

const map = (fact: WorkOrderFact, source: WorkOrderEventSource = order()) => {
  const event = toWorkOrderEvent(fact, source);
  return { ...event, data: event.data as Record<string, unknown> };
};

function violations(type: string, data: unknown): string[] {
  try {
    contractsRegistry().assertValid(type, JSON.parse(JSON.stringify(data)));
    return [];
  } catch (error) {
    if (error instanceof SchemaValidationError) return error.violations.map((v) => `${v.path || '/'} ${v.message}`);
    throw error;
  }
}

describe('toWorkOrderEvent', () => {
  it('maps the fact kinds one to one onto the contract’s event types', () => {
    const types = everyType.map(([, fact]) => map(fact).type);
    expect(new Set(types).size).toBe(types.length);
    expect([...new Set(types)].sort()).toEqual(Object.values(WORK_ORDER_EVENT_TYPES).sort());
  });

  it.each(everyType)('%s: a valid payload starting with the base fields, dated by the fact, on the order’s case', (_kind, fact) => {
    // The order as it stands after any fact: declined and reworked once, so every count is one.
    const event = map(fact, order({ declines: [{ technicianId: 'tech-alice', reason: 'Sick', at: at(minutes(10)) }], reworkCount: 1 }));
    expect(violations(event.type, event.data)).toEqual([]);
    expect(Object.keys(event.data).slice(0, 3)).toEqual(['workOrderId', 'caseId', 'tenantId']);
    expect(event.data).toMatchObject({ workOrderId: 'wo-1', caseId: 'case-1', tenantId: 'tenant-a' });
    expect(event.caseId).toBe('case-1');
    expect(event.occurredAt).toBe(fact.at);
  });

  it('created: the order as created, deadlines and the creation instant as ISO strings', () => {
    expect(map(everyKind.created)).toEqual({
      type: WORK_ORDER_CREATED_V1,
      caseId: 'case-1',
      occurredAt: T0,
      data: {
        workOrderId: 'wo-1',
        caseId: 'case-1',
        tenantId: 'tenant-a',
        type: 'repair',
        priority: 'P2',
        site: SITE,
        product: { model: 'CP-200', line: 'pumps' },
        serialNo: 'SN-0001',
        requiredSkills: ['refrigeration'],
        arrivalDeadline: at(hours(6)).toISOString(),
        completionDeadline: at(hours(48)).toISOString(),
        createdAt: T0.toISOString(),
      },
    });
  });

  it('assigned: the winner’s ranking, the candidates counted, and no previous technician unless a reassignment', () => {
    const event = map(everyKind.technicianAssigned);
    expect(event.type).toBe(WORK_ORDER_ASSIGNED_V1);
    expect(event.data).toMatchObject({ technicianId: 'tech-alice', score: winner.score, etaMinutes: 15, evaluatedCandidates: 2, eligibleCandidates: 1, previousTechnicianId: null });
    const reassigned = map({ ...everyKind.technicianAssigned, decision: decision({ override: true, decidedBy: 'd-1', previousTechnicianId: 'tech-bob' }) } as WorkOrderFact);
    expect(reassigned.data).toMatchObject({ override: true, decidedBy: 'd-1', previousTechnicianId: 'tech-bob' });
  });

  it('unassigned: every rejection reason counted, zero included', () => {
    expect(map(everyKind.noTechnicianFound).data.rejections).toEqual({ skill: 0, product_line: 0, zone: 1, off_shift: 1, capacity: 0, inactive: 0, declined: 0 });
  });

  it('declined: the technician of the fact (the order holds none any more) and the count of declines', () => {
    const decline = { technicianId: 'tech-alice', reason: 'Sick', at: at(minutes(10)) };
    const data = map(everyKind.declined, order({ technicianId: null, declines: [{ ...decline, technicianId: 'tech-bob' }, decline] })).data;
    expect(data).toMatchObject({ technicianId: 'tech-alice', reason: 'Sick', declineCount: 2 });
  });

  it('scheduled: a window starting after the arrival deadline is flagged', () => {
    const late = { ...everyKind.visitScheduled, appointment: { windowStart: at(hours(7)), windowEnd: at(hours(8)), agreedWith: 'Mr Li', agreedAt: at(hours(1)) }, rescheduled: true } as WorkOrderFact;
    expect(map(late).data).toMatchObject({ beyondArrivalDeadline: true, rescheduled: true, agreedWith: 'Mr Li' });
    expect(map(everyKind.visitScheduled).data).toMatchObject({ beyondArrivalDeadline: false });
  });

  it('on site: exactly on the deadline is on time, a minute after is not', () => {
    expect(map({ kind: 'arrivedOnSite', at: at(hours(6)) }).data.onTime).toBe(true);
    expect(map({ kind: 'arrivedOnSite', at: at(hours(6) + minutes(1)) }).data.onTime).toBe(false);
  });

  it('started: on site or in the workshop', () => {
    expect(map({ kind: 'workStarted', at: T0, where: 'workshop' })).toMatchObject({ type: WORK_ORDER_STARTED_V1, data: { mode: 'workshop' } });
  });

  it('awaiting parts ships to the site; resumed counts the minutes waited, rounded', () => {
    expect(map(everyKind.partsRequested).data).toMatchObject({ shipTo: SITE, parts: [{ partNo: 'SEAL-22', quantity: 1 }], neededBy: null, productModel: 'CP-200' });
    expect(map({ kind: 'workResumed', at: new Date(at(hours(3)).getTime() + 29_000), wait }).data.waitedMinutes).toBe(60);
  });

  it('completed: the report as published, on-time arrival false when the technician never arrived', () => {
    const data = map(everyKind.completed, order({ arrivedAt: null, reworkCount: 1 })).data;
    expect(data).toMatchObject({ onTimeArrival: false, reworkCount: 1, carriedIn: false, productLine: 'pumps' });
    expect(data.report).toEqual({ ...report, customerAcceptance: { ...signature, signedAt: signature.signedAt.toISOString() } });
  });

  it('carry-in steps come from the carry-in of the fact; a return after the promised date is late', () => {
    expect(map(everyKind.repairCardUpdated).data).toMatchObject({ receiptNo: 'R-1', actualHours: 2, parts: [{ partNo: 'MOTOR-7', quantity: 1 }], notes: null });
    expect(map(everyKind.repairInspected).data).toMatchObject({ inspectedBy: 'supervisor-1', remarks: 'ok', actualHours: 2 });
    expect(map(everyKind.returnedToCustomer).data).toMatchObject({ late: true, signature: { name: 'Li Wei', signedAt: signature.signedAt.toISOString() } });
    const onTime = { ...carryIn, returnedAt: carryIn.promisedReturnDate };
    expect(map({ kind: 'returnedToCustomer', at: onTime.returnedAt, carryIn: onTime }).data.late).toBe(false);
  });

  it('cancelled, escalated and the breaches carry the order’s technician (or null) and status', () => {
    const none = order({ technicianId: null, status: 'created' });
    expect(map(everyKind.cancelled, none).data).toMatchObject({ technicianId: null, previousStatus: 'scheduled' });
    expect(map(everyKind.escalated, none).data).toMatchObject({ technicianId: null, status: 'created', escalatedTo: 'dispatcher' });
    expect(map(everyKind.arrivalDeadlineBreached, none)).toMatchObject({
      type: WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1,
      data: { technicianId: null, arrivedAt: null, minutesLate: 30, status: 'created', arrivalDeadline: at(hours(6)).toISOString() },
    });
    expect(map(everyKind.completionOverdue)).toMatchObject({
      type: WORK_ORDER_COMPLETION_OVERDUE_V1,
      data: { completedAt: null, completionDeadline: at(hours(48)).toISOString(), detectedAt: at(hours(49)).toISOString() },
    });
    expect(map(everyKind.technicianArrangementOverdue, none)).toMatchObject({
      type: WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1,
      data: { technicianId: null, acceptedAt: null, minutesLate: 1, status: 'created', technicianArrangedDeadline: at(hours(24)).toISOString() },
    });
  });

  it('an escalation v1 cannot name (technician_not_arranged) is published as v2 with its level, step and the real state; the others stay v1', () => {
    const waiting = order({ technicianId: 'tech-alice', status: 'awaiting_customer' });
    expect(map(notArranged, waiting)).toEqual({
      type: WORK_ORDER_ESCALATED_V2,
      caseId: 'case-1',
      occurredAt: at(hours(24) + 1),
      data: {
        workOrderId: 'wo-1',
        caseId: 'case-1',
        tenantId: 'tenant-a',
        reason: 'technician_not_arranged',
        level: 'service_manager',
        step: 2,
        status: 'awaiting_customer',
        technicianId: 'tech-alice',
        note: null,
        raisedBy: null,
        escalatedAt: at(hours(24) + 1).toISOString(),
      },
    });
    expect(map(everyKind.escalated, waiting)).toMatchObject({ type: WORK_ORDER_ESCALATED_V1, data: { status: 'scheduled', escalatedTo: 'dispatcher' } });
  });
});
