import { thrownDomainError } from '@aftercare/ddd';
import { ALICE, at, BOB, minutes, tech } from '../__fixtures__/work-order.fixtures';
import { assertOverridable, escalatesNoCandidate, nextDecision, rejectionCounts, type DecisionDraft } from './assignment-log';
import type { CandidateEvaluation } from './rank-candidates';

const caught = thrownDomainError;

const candidate = (id: string, rejectedBecause?: CandidateEvaluation['rejectedBecause']): CandidateEvaluation => ({
  technicianId: id,
  eligible: !rejectedBecause,
  ...(rejectedBecause ? { rejectedBecause } : {}),
  distanceKm: 10,
  etaMinutes: 15,
  canMeetDeadline: true,
  load: 0,
  continuity: false,
  score: rejectedBecause ? 0 : 42,
});
const config = { averageSpeedKmh: 40, minutesPerQueuedJob: 60 };
const draft = (overrides: Partial<DecisionDraft> = {}): DecisionDraft => ({
  at: at(minutes(5)),
  override: false,
  decidedBy: null,
  reason: null,
  winner: candidate('tech-alice'),
  candidates: [candidate('tech-alice'), candidate('tech-bob', ['zone'])],
  config,
  context: { now: at(minutes(5)) },
  ...overrides,
});

describe('assignment log', () => {
  it('numbers each decision after the ones before it and keeps who won, with what score, in which context', () => {
    const first = nextDecision([], draft({ context: { now: at(minutes(5)), lastTechnicianId: 'tech-zed', repeatRepair: true } }));
    expect(first).toEqual({
      attempt: 1,
      decidedAt: at(minutes(5)),
      override: false,
      decidedBy: null,
      reason: null,
      winnerTechnicianId: 'tech-alice',
      winnerScore: 42,
      config,
      lastTechnicianId: 'tech-zed',
      repeatRepair: true,
      previousTechnicianId: null,
      previousStatus: null,
      previousAppointment: null,
      candidates: draft().candidates,
    });
    expect(first.config).not.toBe(config);
    const second = nextDecision([first], draft({ winner: null, candidates: [] }));
    expect(second).toMatchObject({ attempt: 2, winnerTechnicianId: null, winnerScore: null, lastTechnicianId: null, repeatRepair: false });
  });

  it('keeps who held the order before a reassignment', () => {
    const appointment = { windowStart: at(60), windowEnd: at(120), agreedWith: null, agreedAt: at(0) };
    const d = nextDecision([], draft({ override: true, decidedBy: 'd-1', previous: { technicianId: 'tech-bob', status: 'scheduled', appointment } }));
    expect(d).toMatchObject({ override: true, decidedBy: 'd-1', previousTechnicianId: 'tech-bob', previousStatus: 'scheduled', previousAppointment: appointment });
  });

  it('escalates a failed run only when it starts a run of failures', () => {
    const found = nextDecision([], draft());
    const failed = nextDecision([found], draft({ winner: null }));
    expect(escalatesNoCandidate([])).toBe(true);
    expect(escalatesNoCandidate([found])).toBe(true);
    expect(escalatesNoCandidate([found, failed])).toBe(false);
  });

  it('counts the candidates each hard filter rejected, every reason present', () => {
    expect(rejectionCounts([candidate('a', ['zone', 'skill']), candidate('b', ['zone']), candidate('c')])).toEqual({
      skill: 1,
      product_line: 0,
      zone: 2,
      off_shift: 0,
      capacity: 0,
      inactive: 0,
      declined: 0,
    });
  });

  describe('whom a dispatcher may name', () => {
    const order = { id: 'wo-1', tenantId: 'tenant-a', technicianId: 'tech-alice' };
    const input = (technician = BOB, dispatcherId = 'd-1') => ({ technician, dispatcherId, context: { now: at(0) } });

    it('anyone active of the tenant, over every other filter', () => {
      expect(() => assertOverridable(order, input(tech({ id: 'tech-far', zones: ['remote'], capacity: 0 })), true)).not.toThrow();
    });

    it('not another tenant’s technician (404), nor an inactive one (422), nor the holder on a reassignment (422)', () => {
      const other = caught(() => assertOverridable(order, input(tech({ id: 'x', tenantId: 'tenant-b' })), false));
      expect([other.code, other.kind, other.details]).toEqual(['WORK_ORDER_TECHNICIAN_NOT_FOUND', 'not_found', { technicianId: 'x' }]);
      const inactive = caught(() => assertOverridable(order, input(tech({ id: 'y', active: false })), false));
      expect([inactive.code, inactive.kind]).toEqual(['WORK_ORDER_TECHNICIAN_INACTIVE', 'rule']);
      const holder = caught(() => assertOverridable(order, input(ALICE), true));
      expect([holder.code, holder.kind]).toEqual(['WORK_ORDER_ALREADY_ASSIGNED_TO_TECHNICIAN', 'rule']);
      expect(() => assertOverridable(order, input(ALICE), false)).not.toThrow();
    });

    it('names the dispatcher and a valid decision time (400)', () => {
      const e = caught(() => assertOverridable(order, { technician: BOB, dispatcherId: ' ', context: { now: new Date('x') } }, false));
      expect([e.code, e.fieldErrors]).toEqual([
        'WORK_ORDER_INVALID',
        [
          { field: 'dispatcherId', message: 'is invalid' },
          { field: 'now', message: 'is invalid' },
        ],
      ]);
    });
  });
});
