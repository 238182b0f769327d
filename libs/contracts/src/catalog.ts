import { TOPICS, type TopicSpec } from './topics';

/** Who sends and who receives each topic, and which message types travel on it. */
export interface ChannelEntry {
  topic: TopicSpec;
  /** Message types on the topic are the schemas whose name starts with this (or one of these, for a topic several services write). */
  typePrefix: string | readonly string[];
  producers: string[];
  consumers: string[];
  /**
   * The consumer groups (purposes, `<service>.<purpose>`) in which each of our consumer services
   * reads the topic; a service listed in `consumers` without an entry reads it in `main`. With the
   * producers this is the source of each service's Kafka ACLs and retry/dead-letter topics in deploy/.
   */
  groups?: Partial<Record<string, string[]>>;
}

export const CATALOG: ChannelEntry[] = [
  {
    topic: TOPICS.intakeServiceRequestEvents,
    typePrefix: 'aftercare.intake.service-request.',
    producers: ['intake'],
    // intake reads its clock-escalated events into the escalation list (in `timeline`, ADR 0056).
    consumers: ['intake', 'dispatch', 'parts', 'claims', 'survey', 'erp/crm'],
    groups: { intake: ['main', 'timeline'] },
  },
  {
    topic: TOPICS.dispatchWorkOrderEvents,
    typePrefix: 'aftercare.dispatch.work-order.',
    producers: ['dispatch'],
    // dispatch reads its own escalations into the escalation log, in main (ADR 0056).
    consumers: ['intake', 'dispatch', 'parts', 'claims', 'survey', 'erp/crm'],
    groups: { intake: ['main', 'timeline'] },
  },
  {
    topic: TOPICS.surveyInvitationEvents,
    typePrefix: 'aftercare.survey.invitation.',
    producers: ['survey'],
    consumers: ['erp/crm'],
  },
  {
    topic: TOPICS.surveyResponseEvents,
    typePrefix: 'aftercare.survey.response.',
    producers: ['survey'],
    consumers: ['intake', 'dispatch', 'claims', 'erp/crm'],
  },
  {
    topic: TOPICS.surveySatisfactionEvents,
    typePrefix: 'aftercare.survey.satisfaction.',
    producers: ['survey'],
    consumers: ['claims', 'erp/crm'],
  },
  {
    topic: TOPICS.notificationRequests,
    typePrefix: 'aftercare.notifications.',
    producers: ['intake', 'dispatch', 'parts', 'claims', 'survey'],
    consumers: ['notification-gateway'],
  },
  {
    topic: TOPICS.invoiceRequests,
    typePrefix: 'aftercare.billing.',
    producers: ['dispatch'],
    consumers: ['erp'],
  },
  {
    topic: TOPICS.partsRequestEvents,
    typePrefix: 'aftercare.parts.parts-request.',
    producers: ['parts'],
    consumers: ['intake', 'dispatch', 'erp/crm'],
    // intake reads the parts steps into the case timeline only.
    groups: { intake: ['timeline'] },
  },
  { topic: TOPICS.purchaseRequests, typePrefix: 'aftercare.parts.purchase-request.', producers: ['parts'], consumers: ['erp'] },
  {
    topic: TOPICS.supplierFeedback,
    typePrefix: ['aftercare.parts.supplier-feedback.', 'aftercare.claims.supplier-feedback.'],
    producers: ['parts', 'claims'],
    consumers: ['claims', 'erp'],
  },
  {
    topic: TOPICS.tenants,
    typePrefix: 'aftercare.platform.tenant.',
    producers: ['intake', 'dispatch', 'parts', 'claims', 'survey'],
    consumers: ['intake', 'dispatch', 'parts', 'claims', 'survey'],
    groups: { intake: ['tenants'], dispatch: ['tenants'], parts: ['tenants'], claims: ['tenants'], survey: ['tenants'] },
  },
  {
    topic: TOPICS.claimsQualityClaimEvents,
    typePrefix: 'aftercare.claims.quality-claim.',
    producers: ['claims'],
    // claims reads its own escalations into the escalation list, in main (ADR 0056).
    consumers: ['intake', 'claims', 'erp/crm'],
  },
  {
    topic: TOPICS.claimsServiceComplaintEvents,
    typePrefix: 'aftercare.claims.service-complaint.',
    producers: ['claims'],
    // dispatch counts confirmed complaints about a technician in its appraisal (in main); claims
    // reads its own escalations into the escalation list, in main (ADR 0056).
    consumers: ['claims', 'dispatch', 'erp/crm'],
  },
  {
    topic: TOPICS.claimsReturnAuthorizationEvents,
    typePrefix: 'aftercare.claims.return-authorization.',
    producers: ['claims'],
    consumers: ['erp/crm'],
  },
  {
    topic: TOPICS.monthFigures,
    typePrefix: [
      'aftercare.intake.month-figures.',
      'aftercare.dispatch.month-figures.',
      'aftercare.parts.month-figures.',
      'aftercare.survey.month-figures.',
      'aftercare.claims.month-figures.',
    ],
    producers: ['intake', 'dispatch', 'parts', 'survey', 'claims'],
    consumers: ['survey'],
    groups: { survey: ['monthly-report'] },
  },
  { topic: TOPICS.erpDeliveries, typePrefix: 'erp.deliveries.', producers: ['erp'], consumers: ['claims'] },
  {
    topic: TOPICS.tenantSettings,
    typePrefix: 'aftercare.platform.tenant-settings.',
    producers: ['intake'],
    consumers: ['intake', 'dispatch', 'claims'],
    groups: { intake: ['tenant-settings'], dispatch: ['tenant-settings'], claims: ['tenant-settings'] },
  },
  { topic: TOPICS.crmServiceRequests, typePrefix: 'crm.service-request.', producers: ['crm'], consumers: ['intake'] },
  { topic: TOPICS.crmCustomers, typePrefix: 'crm.customer.', producers: ['crm'], consumers: ['intake'] },
  { topic: TOPICS.erpInstalledBase, typePrefix: 'erp.installed-base.', producers: ['erp'], consumers: ['intake'] },
  { topic: TOPICS.erpPartsCatalogue, typePrefix: 'erp.parts-catalogue.', producers: ['erp'], consumers: ['parts'] },
  { topic: TOPICS.erpStockLevels, typePrefix: 'erp.stock-level.', producers: ['erp'], consumers: ['parts'] },
  { topic: TOPICS.erpGoodsReceipts, typePrefix: 'erp.goods-receipt.', producers: ['erp'], consumers: ['parts'] },
  { topic: TOPICS.erpPurchaseRequestStatus, typePrefix: 'erp.purchase-request.', producers: ['erp'], consumers: ['parts'] },
];

/** Whether `type` travels on the channel: its name starts with the channel's type prefix. */
export function channelCarries(entry: Pick<ChannelEntry, 'typePrefix'>, type: string): boolean {
  return (typeof entry.typePrefix === 'string' ? [entry.typePrefix] : entry.typePrefix).some((prefix) => type.startsWith(prefix));
}
