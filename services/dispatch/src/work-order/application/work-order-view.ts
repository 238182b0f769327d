import type { WorkOrderSnapshot } from '../domain';
import { compactDecision, type StoredAssignmentDecision } from '../infrastructure/work-order.repository';

/** A work order as the API shows it: the stored state, decisions summarised (see StoredAssignmentDecision). */
export interface WorkOrderView extends Omit<WorkOrderSnapshot, 'handledMessageIds' | 'assignmentDecisions'> {
  assignmentDecisions?: StoredAssignmentDecision[];
  escalated: boolean;
}

export function toWorkOrderView(snapshot: WorkOrderSnapshot, options: { kept: number; withDecisions: boolean }): WorkOrderView {
  const { handledMessageIds: _handled, assignmentDecisions, ...state } = snapshot;
  return {
    ...state,
    escalated: state.escalations.length > 0,
    ...(options.withDecisions ? { assignmentDecisions: assignmentDecisions.map((d) => compactDecision(d, options.kept)) } : {}),
  };
}
