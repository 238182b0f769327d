/** Topic aftercare.public.notification-requests.v1: what the customer should be told, for the gateway. */
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
}
