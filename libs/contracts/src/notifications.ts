/** Topic aftercare.public.notification-requests.v1: what the customer (or, for an escalation, a member of staff) should be told, for the gateway. */
export const NOTIFICATION_REQUESTED_V1 = 'aftercare.notifications.notification.requested.v1';

export type NotificationPurpose = 'acknowledgement' | 'appointment' | 'survey_link' | 'status_update' | 'complaint_result';

export interface NotificationRequestedV1 {
  notificationId: string;
  tenantId: string;
  caseId: string;
  purpose: NotificationPurpose;
  recipient: { name: string | null; phone?: string | null; email?: string | null; preferredChannel?: 'sms' | 'email' | 'wechat' | 'phone' | 'letter' | null };
  template: string;
  parameters: Record<string, unknown>;
  requestedBy: string;
  requestedAt: string;
  /** Present when a member of staff is told of an escalation (the recipient is that person). Absent from older producers. */
  escalation?: NotificationEscalationV1;
}

/** The escalation step a staff notification is about (purpose stays `status_update` within v1). */
export interface NotificationEscalationV1 {
  level: string;
  step: number;
  reason: string;
  personId: string;
  role?: string | null;
  workOrderId?: string | null;
}

/**
 * v2 beside v1 (a null case is a changed type, so breaking for v1's readers): a request about a
 * customer without a case, e.g. a relationship survey. Key: the case id, or the customer id when
 * there is no case. Escalations to staff stay on v1.
 */
export const NOTIFICATION_REQUESTED_V2 = 'aftercare.notifications.notification.requested.v2';

export interface NotificationRequestedV2 extends Omit<NotificationRequestedV1, 'caseId' | 'escalation'> {
  caseId: string | null;
  customerId: string | null;
}
