/**
 * Routing by requested type (configurable per tenant; complaint ownership differs between the
 * sources [001][004]). Defaults:
 * - field-service types (repair, installation, commissioning, maintenance, training) → `dispatch`
 * - return_exchange, quality_complaint, service_complaint → `claims`
 * - consultation → answered by the `agent`
 * - suggestion → recorded and reviewed (`review`) [001]
 */
import type { ServiceRequestRouteTarget } from './service-request.events';
import { REQUEST_TYPES, type RequestType, type WorkKind } from './service-request.types';
import { FieldErrors, optionalEnum, requiredEnum } from './validation';

export type RouteTarget = ServiceRequestRouteTarget;

export const ROUTE_TARGETS = ['dispatch', 'claims', 'agent', 'review'] as const satisfies readonly RouteTarget[];

export type RoutingTable = Readonly<Record<RequestType, RouteTarget>>;
export type RoutingOverrides = Readonly<Partial<Record<RequestType, RouteTarget>>>;

export const DEFAULT_ROUTING: RoutingTable = Object.freeze({
  repair: 'dispatch',
  installation: 'dispatch',
  commissioning: 'dispatch',
  maintenance: 'dispatch',
  training: 'dispatch',
  return_exchange: 'claims',
  quality_complaint: 'claims',
  service_complaint: 'claims',
  consultation: 'agent',
  suggestion: 'review',
});

/** The kind of downstream work each target opens for the case. */
export const WORK_KIND_OF_TARGET: Readonly<Record<RouteTarget, WorkKind>> = Object.freeze({
  dispatch: 'work_order',
  claims: 'claim',
  agent: 'agent',
  review: 'review',
});

export function routeTargetFor(type: RequestType, overrides: RoutingOverrides = {}): RouteTarget {
  const errors = new FieldErrors();
  requiredEnum(type, REQUEST_TYPES, 'requestedType', errors);
  for (const [key, target] of Object.entries(overrides)) {
    optionalEnum(key, REQUEST_TYPES, 'routing', errors);
    optionalEnum(target, ROUTE_TARGETS, `routing.${key}`, errors);
  }
  errors.throwIfAny();
  return overrides[type] ?? DEFAULT_ROUTING[type];
}
