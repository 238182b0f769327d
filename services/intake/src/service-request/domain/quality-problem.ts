/**
 * Quality problems get 8 h on site (source 003 §3: 8小时内到达现场). A field-service case is
 * flagged a quality problem at registration (HTTP or CRM), by the agent later, or when an agent
 * registers the visit a quality complaint needs; the flag travels to dispatch on `routed`
 * (`qualityProblem`), where it selects the 8 h arrival policy. Only a case that sends a
 * technician can carry it: a complaint handled by claims has its own clocks.
 */
import { assertFieldServiceFlag } from './field-service-flag';
import type { QualityProblemFlagged } from './service-request.facts';
import { type ServiceRequestState, requestTypeOf } from './service-request.state';
import { assertInStateCommand } from './service-request.state-machine';
import type { RequestType } from './service-request.types';
import { instantOrNow } from './validation';

export const QUALITY_PROBLEM_SOURCES = ['registration', 'agent', 'quality_complaint'] as const;
/** Who flagged it: the channel at registration, the agent later, or a quality complaint that needs a visit. */
export type QualityProblemSource = (typeof QUALITY_PROBLEM_SOURCES)[number];

/** Throws SERVICE_REQUEST_QUALITY_PROBLEM_NOT_FIELD_SERVICE (422) unless the type sends a technician. */
export const assertQualityProblemType = (type: RequestType | null): void => assertFieldServiceFlag('qualityProblem', type);

/** Flags the case a quality problem; no fact when it already is one. */
export function flagQualityProblem(s: ServiceRequestState, cmd: { source: QualityProblemSource; at?: Date }): QualityProblemFlagged[] {
  const at = instantOrNow(cmd.at);
  if (s.qualityProblem) return [];
  assertInStateCommand(s.status, 'flagQualityProblem');
  assertQualityProblemType(requestTypeOf(s));
  s.qualityProblem = true;
  return [{ kind: 'qualityProblemFlagged', at, source: cmd.source, routed: s.routing !== null }];
}
