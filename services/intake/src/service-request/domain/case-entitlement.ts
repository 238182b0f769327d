/**
 * The case's entitlement after registration: a new decision (installed base arrived or changed,
 * or the agent settled an `unknown` one) and the misuse flag, which charges the case (class A)
 * even in warranty or under contract — for every later decision too. The decision rules
 * themselves are in `entitlement.ts`.
 */
import { type EntitlementDecision, applyMisuse, assertEntitlementDecision } from './entitlement';
import type { EntitlementChanged, MisuseFlagged } from './service-request.facts';
import type { EntitlementState, ServiceRequestState } from './service-request.state';
import { assertInStateCommand } from './service-request.state-machine';
import { instantOrNow } from './validation';

/** A decision as the case holds it: misuse on the case charges it. */
export function entitlementStateOf(s: Readonly<ServiceRequestState>, decision: EntitlementDecision, at: Date): EntitlementState {
  const effective = s.misuse ? applyMisuse(decision) : decision;
  return {
    entitlement: effective.entitlement,
    feeClass: effective.feeClass,
    reason: effective.reason,
    contractId: effective.contractId,
    decidedAt: at,
  };
}

/** A new entitlement decision; no fact when it decides the same. */
export function setEntitlement(s: ServiceRequestState, cmd: { entitlement: EntitlementDecision; at?: Date }): EntitlementChanged[] {
  const at = instantOrNow(cmd.at);
  assertInStateCommand(s.status, 'setEntitlement');
  assertEntitlementDecision(cmd.entitlement);
  const state = entitlementStateOf(s, cmd.entitlement, at);
  if (s.entitlement && sameDecision(state, s.entitlement)) return [];
  s.entitlement = state;
  return [{ kind: 'entitlementChanged', at, entitlement: { ...state } }];
}

/** The problem was caused by misuse; no fact when already flagged. */
export function flagMisuse(s: ServiceRequestState, cmd: { at?: Date }): MisuseFlagged[] {
  const at = instantOrNow(cmd.at);
  if (s.misuse) return [];
  assertInStateCommand(s.status, 'flagMisuse');
  s.misuse = true;
  let entitlementCharged = false;
  if (s.entitlement) {
    const charged = entitlementStateOf(s, s.entitlement, at);
    if (!sameDecision(charged, s.entitlement)) {
      s.entitlement = charged;
      entitlementCharged = true;
    }
  }
  return [{ kind: 'misuseFlagged', at, entitlementCharged }];
}

export function sameDecision(a: EntitlementDecision, b: EntitlementDecision): boolean {
  return a.entitlement === b.entitlement && a.feeClass === b.feeClass && a.reason === b.reason && a.contractId === b.contractId;
}
