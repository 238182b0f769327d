/**
 * Registration and hand-over: a complete case is classified (severity × urgency → priority) and
 * its entitlement decided (`register`), the customer is told (`acknowledge`), and the case goes
 * to its owner by type (`route`, again after each reopening; `reroute` when the owner gives the work
 * back for re-planning). The classification may change
 * later (`reclassify`).
 */
import { type PriorityMatrix, type Severity, type Urgency, classify } from './classification';
import { entitlementStateOf } from './case-entitlement';
import { missingForRegistration, sameValue } from './case-details';
import { type EntitlementDecision, assertEntitlementDecision } from './entitlement';
import { assertInternalWorkType } from './internal-work';
import { assertQualityProblemType } from './quality-problem';
import { type RouteTarget, type RoutingOverrides, routeTargetFor } from './routing';
import type { ServiceAgreement } from './service-agreement';
import { SERVICE_REQUEST_ERRORS, incomplete, serviceRequestError } from './service-request.errors';
import type { CaseAcknowledged, CaseReclassified, CaseRegistered, CaseRouted } from './service-request.facts';
import { type RoutingState, type ServiceRequestState, requestTypeOf } from './service-request.state';
import { assertInStateCommand, serviceRequestStateMachine as machine } from './service-request.state-machine';
import { needsEntitlement } from './service-request.types';
import { instantOrNow } from './validation';

export interface RegisterCommand {
  severity: Severity;
  urgency: Urgency;
  /** From `decideEntitlement` against the installed base (or an agent's decision). */
  entitlement: EntitlementDecision;
  /** The tenant's matrix; default DEFAULT_PRIORITY_MATRIX. */
  priorityMatrix?: PriorityMatrix;
  /** From `serviceAgreementOf` against the installed base; null or absent: none. */
  serviceAgreement?: ServiceAgreement | null;
  /** Flagged a quality problem by the channel (field-service cases only). */
  qualityProblem?: boolean;
  /** Registered as the company's own work by staff (field-service cases only): fee class D. */
  internalWork?: boolean;
  at?: Date;
}

export interface RouteCommand {
  routing?: RoutingOverrides;
  at?: Date;
}

export interface ReclassifyCommand {
  severity: Severity;
  urgency: Urgency;
  priorityMatrix?: PriorityMatrix;
  at?: Date;
}

/** received → registered. Throws SERVICE_REQUEST_INCOMPLETE naming the missing fields. */
export function register(s: ServiceRequestState, cmd: RegisterCommand): CaseRegistered[] {
  const at = instantOrNow(cmd.at);
  const next = machine.next(s.status, 'register');
  const missing = missingForRegistration(s);
  if (missing.length) throw incomplete(missing);
  const classification = classify(cmd.severity, cmd.urgency, cmd.priorityMatrix);
  assertEntitlementDecision(cmd.entitlement);
  if (cmd.qualityProblem) assertQualityProblemType(s.requestedType);
  if (cmd.internalWork) assertInternalWorkType(s.requestedType);
  const entitlement = entitlementStateOf(s, cmd.entitlement, at);
  s.classification = classification;
  s.entitlement = entitlement;
  s.serviceAgreement = cmd.serviceAgreement ? { ...cmd.serviceAgreement } : null;
  s.qualityProblem = cmd.qualityProblem === true;
  s.internalWork = cmd.internalWork === true;
  s.status = next;
  s.registeredAt = at;
  return [{ kind: 'registered', at, classification: { ...classification }, entitlement: { ...entitlement } }];
}

/** registered → acknowledged: the customer is told the case was received. */
export function acknowledge(s: ServiceRequestState, cmd: { at?: Date }): CaseAcknowledged[] {
  const at = instantOrNow(cmd.at);
  s.status = machine.next(s.status, 'acknowledge');
  s.acknowledgedAt = at;
  return [{ kind: 'acknowledged', at }];
}

/**
 * Hands the case to its owner by type (no status change): once when acknowledged, once more
 * after each reopening. Field-service and claim types need a decided entitlement.
 */
export function route(s: ServiceRequestState, cmd: RouteCommand): CaseRouted {
  const at = instantOrNow(cmd.at);
  assertInStateCommand(s.status, 'route');
  const routing = s.routing;
  const alreadyRouted =
    (s.status === 'acknowledged' && routing !== null) || (s.status === 'reopened' && routing !== null && routing.round > s.reopenings.length);
  if (alreadyRouted) {
    throw serviceRequestError(SERVICE_REQUEST_ERRORS.ALREADY_ROUTED, `service request ${s.id} is already routed to ${routing?.target}`, 'conflict', {
      target: routing?.target,
    });
  }
  const type = requestTypeOf(s);
  // Internal work charges no customer: nothing to decide before it goes out.
  if (needsEntitlement(type) && !s.internalWork && (!s.entitlement || s.entitlement.entitlement === 'unknown')) {
    throw serviceRequestError(
      SERVICE_REQUEST_ERRORS.ENTITLEMENT_UNRESOLVED,
      `a ${type} case needs a decided entitlement before it is routed; the agent must settle it`,
      'rule',
      { reason: s.entitlement?.reason ?? null },
    );
  }
  const target: RouteTarget = routeTargetFor(type, cmd.routing);
  s.routing = { target, routedAt: at, round: (routing?.round ?? 0) + 1 };
  return { kind: 'routed', at, target, reroute: routing !== null };
}

/**
 * Routes the case again to the owner it has (a new round: dispatch opens a new work order),
 * after that owner gave the work back for re-planning (work-order-follow-up.ts). No status
 * change: an acknowledged case stays acknowledged, one in progress stays in progress until the
 * new work starts.
 */
export function reroute(s: ServiceRequestState, cmd: { at?: Date }): CaseRouted {
  const at = instantOrNow(cmd.at);
  const routing = assertReroutable(s);
  s.routing = { target: routing.target, routedAt: at, round: routing.round + 1 };
  return { kind: 'routed', at, target: routing.target, reroute: true };
}

/** Throws unless `reroute` is allowed now; returns the current routing. */
export function assertReroutable(s: Readonly<ServiceRequestState>): RoutingState {
  assertInStateCommand(s.status, 'reroute');
  if (!s.routing) throw serviceRequestError(SERVICE_REQUEST_ERRORS.NOT_ROUTED, `service request ${s.id} has not been routed yet`, 'conflict');
  return s.routing;
}

/** New severity/urgency (or a new matrix); no fact when the classification is unchanged. */
export function reclassify(s: ServiceRequestState, cmd: ReclassifyCommand): CaseReclassified[] {
  const at = instantOrNow(cmd.at);
  assertInStateCommand(s.status, 'reclassify');
  const classification = classify(cmd.severity, cmd.urgency, cmd.priorityMatrix);
  if (sameValue(classification, s.classification)) return [];
  s.classification = classification;
  return [{ kind: 'reclassified', at, classification: { ...classification } }];
}
