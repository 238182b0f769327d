/**
 * Topic `claims.public.service-complaint.events.v1`, key = complaint id: a complaint about the
 * service (a technician, an agent, a delay). `closed` with `confirmed` and a `technicianId` is what
 * dispatch's monthly appraisal counts against that technician. `caseId` is null for a complaint
 * that is not about one case: the follow-up of a month whose satisfaction was below target.
 */
export const SERVICE_COMPLAINT_OPENED_V1 = 'aftercare.claims.service-complaint.opened.v1';
export const SERVICE_COMPLAINT_CLOSED_V1 = 'aftercare.claims.service-complaint.closed.v1';
export const SERVICE_COMPLAINT_ESCALATED_V1 = 'aftercare.claims.service-complaint.escalated.v1';

export const SERVICE_COMPLAINT_EVENT_TYPES = {
  opened: SERVICE_COMPLAINT_OPENED_V1,
  closed: SERVICE_COMPLAINT_CLOSED_V1,
  escalated: SERVICE_COMPLAINT_ESCALATED_V1,
} as const;

export type ServiceComplaintLevelV1 = 'ordinary' | 'serious';

export interface ServiceComplaintOpenedV1 {
  complaintId: string;
  caseId: string | null;
  tenantId: string;
  channel: string;
  level: ServiceComplaintLevelV1;
  complainant: string;
  content: string;
  technicianId: string | null;
  receivedAt: string;
  firstResponseDueAt: string;
  preliminaryCheckDueAt: string;
}

export interface ServiceComplaintClosedV1 {
  complaintId: string;
  caseId: string | null;
  tenantId: string;
  level: ServiceComplaintLevelV1;
  /** The complaint was found justified. */
  confirmed: boolean;
  technicianId: string | null;
  result: string;
  approvedBy: string | null;
  closedAt: string;
}

/**
 * A complaint clock (first response 24 h, preliminary check 3 working days) passed its deadline
 * (step 1, `breach`) or climbed one more level of the escalation chain; each step of each clock once.
 */
export interface ServiceComplaintEscalatedV1 {
  complaintId: string;
  caseId: string | null;
  tenantId: string;
  status: 'received' | 'responded' | 'checked' | 'closed';
  level: ServiceComplaintLevelV1;
  clock: 'first_response' | 'preliminary_check';
  deadline: string;
  /** 1 = the breach itself; then one per level of the chain. */
  step: number;
  breach: boolean;
  /** The level of the chain reached: `quality_engineer`, `service_manager`, `deputy_gm` by default. */
  escalatedTo: string;
  escalatedAt: string;
}
