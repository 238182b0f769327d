import { QualityClaim } from '../quality-claim';
import type { Actor } from '../quality-claim.types';

export const T0 = new Date('2025-03-24T03:00:00.000Z');
export const later = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export const QE: Actor = { id: 'qe-chen', roles: ['quality_engineer'] };
export const AGENT: Actor = { id: 'agent-li', roles: ['agent'] };
export const SERVICE_MANAGER: Actor = { id: 'sm-zhou', roles: ['service_manager'] };

export function openedClaim(overrides: Partial<Parameters<typeof QualityClaim.open>[0]> = {}): QualityClaim {
  return QualityClaim.open({
    id: 'qc-1',
    tenantId: 'acme',
    caseId: 'sr-1',
    origin: 'intake_case',
    originReference: 'sr-1',
    customer: { customerId: 'c-1', name: 'Shanghai Pump Works', phone: '+86 21 5555 0101', email: null },
    product: { model: 'CP-200', serialNumber: 'CP200-0001' },
    problem: { what: 'Seal leaks after 200 h', where: 'Line 3', howMany: 40 },
    deadlines: { firstContactDueAt: later(48 * 60), rectificationStatusDueAt: later(72 * 60) },
    at: T0,
    ...overrides,
  });
}

export const TEAM = {
  leader: { id: 'qe-chen', name: 'Chen Jie', role: 'quality_engineer' },
  members: [{ id: 'prod-wu', name: 'Wu Hao', role: 'production' }],
};

export const MANAGER_TEAM = { leader: { id: 'sm-zhou', name: 'Zhou Min', role: 'service_manager' }, members: TEAM.members };

export function triaged(options: { major?: boolean; responsibility?: 'manufacturing' | 'supplier' | 'undetermined' } = {}): QualityClaim {
  const claim = openedClaim();
  claim.triage({
    urgency: 'urgent',
    severity: 'major',
    department: 'manufacturing',
    responsibility: options.responsibility ?? 'undetermined',
    productionStopped: options.major ?? false,
    ...(options.responsibility === 'supplier' ? { supplier: { supplierId: 'sup-1', partNo: 'SEAL-01', defect: 'hardness out of tolerance', quantityAffected: 40 } } : {}),
    closureDueAt: later(2 * 24 * 60),
    at: later(60),
  });
  claim.formTeam({ ...(options.major ? MANAGER_TEAM : TEAM), at: later(61) });
  return claim;
}

export const CONTAINMENT = { actions: 'Quarantine the lot; 100 % leak test', quantitySuspect: 400, quantityContained: 380, locations: ['Plant 2 warehouse', 'Customer line 3'] };
export const ROOT_CAUSE = {
  whyChain: ['Seal cracked', 'Rubber too hard', 'Curing oven ran hot', 'Thermocouple drifted'],
  rootCause: 'Oven thermocouple drifted without calibration',
  escapePoint: 'Incoming inspection checked dimensions only, not hardness',
};
export const ACTIONS = [{ description: 'Calibrate oven thermocouples monthly', owner: 'eng-sun', deadline: later(5 * 24 * 60) }];
export const IMPLEMENTATION = { summary: 'Calibration plan in force', evidence: ['cal-report-0325.pdf'] };
export const PREVENTION = { documentsChanged: ['WI-OVEN-03'], fmeaUpdated: true, controlPlanUpdated: true, notes: null };

/** A claim driven to `verified` by the quality engineer. */
export function verified(options: { major?: boolean } = {}): QualityClaim {
  const claim = triaged(options);
  claim.contain({ ...CONTAINMENT, at: later(120) });
  claim.identifyRootCause({ ...ROOT_CAUSE, responsibility: 'manufacturing', at: later(600) });
  claim.planActions({ actions: ACTIONS, at: later(700) });
  claim.implement({ ...IMPLEMENTATION, at: later(1000) });
  claim.verify({ actor: QE, result: 'No leak in 500 units', prevention: PREVENTION, at: later(1400) });
  return claim;
}

/** A claim as loaded: nothing pending. */
export function persisted(claim: QualityClaim): QualityClaim {
  return QualityClaim.fromSnapshot({ ...claim.toSnapshot(), version: 1 });
}
