/**
 * Topic and consumer-group names. Logical names are the contract; a deployment may add a prefix
 * (tests use one per run) which only `libs/messaging` applies.
 */
export type Visibility = 'public' | 'internal';

export function eventTopic(owner: string, visibility: Visibility, aggregate: string, major = 1): string {
  return `${owner}.${visibility}.${aggregate}.events.v${major}`;
}

/** Consumer groups are named `<consumer-service>.<purpose>`, never left to a framework default. */
export function consumerGroup(service: string, purpose: string): string {
  return `${service}.${purpose}`;
}

export const retryTopicOf = (group: string): string => `${group}.retry`;
/** The one consumer group in which a service reads the retry topics of all its groups (ADR 0048). */
export const retryConsumerGroupOf = (service: string): string => `${service}.retrying`;
/** Before ADR 0048 each group read its retry topic in a group of its own; its offsets are carried over. */
export const formerRetryConsumerGroupOf = (group: string): string => `${group}.retrying`;
export const deadLetterTopicOf = (group: string): string => `${group}.dlt`;

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Retention in ms; undefined keeps the broker default. */
  retentionMs?: number;
  /** Log compaction (`cleanup.policy=compact`): the newest message of each key is kept for good. */
  compacted?: boolean;
  description: string;
  /** Key of every message: which id keeps the order. */
  key: string;
  owner: string;
}

const DAY = 24 * 60 * 60 * 1000;

export const TOPICS = {
  intakeServiceRequestEvents: {
    name: eventTopic('intake', 'public', 'service-request'),
    partitions: 6,
    description: 'Everything that happens to a service case, from registration to closure.',
    key: 'service request (case) id',
    owner: 'intake',
  },
  dispatchWorkOrderEvents: {
    name: eventTopic('dispatch', 'public', 'work-order'),
    partitions: 6,
    description: 'Work orders: assignment, the field workflow, reports, verification, deadlines.',
    key: 'work order id',
    owner: 'dispatch',
  },
  claimsQualityClaimEvents: {
    name: eventTopic('claims', 'public', 'quality-claim'),
    partitions: 3,
    description: 'Quality claims run as 8D: registration, triage, each discipline, verified closure or rejection.',
    key: 'quality claim id',
    owner: 'claims',
  },
  claimsServiceComplaintEvents: {
    name: eventTopic('claims', 'public', 'service-complaint'),
    partitions: 3,
    description: 'Service complaints: registration and closure with the result (confirmed ones count in the technician appraisal).',
    key: 'service complaint id',
    owner: 'claims',
  },
  claimsReturnAuthorizationEvents: {
    name: eventTopic('claims', 'public', 'return-authorization'),
    partitions: 3,
    description: 'Returns (RMA): request, approval or rejection, goods received against expected, inspection, disposition, completion.',
    key: 'return authorization id',
    owner: 'claims',
  },
  surveyInvitationEvents: {
    name: eventTopic('survey', 'public', 'invitation'),
    partitions: 3,
    description: 'Survey invitations: scheduled after a verified work order or on a relationship cadence, sent, reminded, answered, expired.',
    key: 'invitation id',
    owner: 'survey',
  },
  surveyResponseEvents: {
    name: eventTopic('survey', 'public', 'response'),
    partitions: 3,
    description: 'Survey responses: the answers, and LowScoreReceived for a criterion below its threshold.',
    key: 'response id',
    owner: 'survey',
  },
  surveySatisfactionEvents: {
    name: eventTopic('survey', 'public', 'satisfaction'),
    partitions: 3,
    description: "A tenant's satisfaction of a closed month: one follow-up opened for a month below the year's target.",
    key: 'follow-up id (<tenant>|<month>)',
    owner: 'survey',
  },
  notificationRequests: {
    name: 'aftercare.public.notification-requests.v1',
    partitions: 3,
    description: 'Requests to tell a customer something (acknowledgement, appointment, survey link) for the SMS/e-mail gateway.',
    key: 'case id',
    owner: 'aftercare',
  },
  invoiceRequests: {
    name: 'aftercare.public.invoice-requests.v1',
    partitions: 3,
    description: 'Requests to the ERP to invoice chargeable (fee class A) work once it is completed.',
    key: 'work order id',
    owner: 'aftercare',
  },
  crmServiceRequests: {
    name: 'crm.public.service-requests.v1',
    partitions: 3,
    retentionMs: 14 * DAY,
    description: 'Cases raised in CRM or by the call centre (CTI).',
    key: 'CRM request id',
    owner: 'crm',
  },
  crmCustomers: {
    name: 'crm.public.customers.v1',
    partitions: 3,
    description: 'Customers and contacts from CRM.',
    key: 'customer id',
    owner: 'crm',
  },
  erpInstalledBase: {
    name: 'erp.public.installed-base.v1',
    partitions: 3,
    description: 'Installed assets with serials, purchase dates, warranty ends and service contracts.',
    key: 'serial number',
    owner: 'erp',
  },
  partsRequestEvents: {
    name: eventTopic('parts', 'public', 'parts-request'),
    partitions: 6,
    description: 'Parts requests: reservation, backorder, picking, shipment, delivery, delays, costs.',
    key: 'parts request id',
    owner: 'parts',
  },
  purchaseRequests: {
    name: 'aftercare.public.purchase-requests.v1',
    partitions: 3,
    description: 'Purchase or production requests for the ERP: one per backordered parts request line.',
    key: 'purchase request id',
    owner: 'aftercare',
  },
  supplierFeedback: {
    name: 'aftercare.public.supplier-feedback.v1',
    partitions: 3,
    description:
      'Supplier quality feedback: returned defective parts claimed against their supplier (parts, for claims) and supplier-caused defects found by quality claims (claims, for the ERP purchasing).',
    key: 'supplier feedback id',
    owner: 'aftercare',
  },
  monthFigures: {
    name: 'aftercare.public.month-figures.v1',
    partitions: 3,
    description: "Each owner's month figures for the monthly report (costs, counts behind every rate), published when the month closes and again on late data.",
    key: 'tenant id:month',
    owner: 'aftercare',
  },
  erpPartsCatalogue: {
    name: 'erp.public.parts-catalogue.v1',
    partitions: 3,
    description: 'Spare parts of the catalogue: number, name, specification, material, unit, substitutes, standard cost.',
    key: 'part number',
    owner: 'erp',
  },
  erpStockLevels: {
    name: 'erp.public.stock-levels.v1',
    partitions: 3,
    description: 'Counted stock of a part in a warehouse.',
    key: 'warehouse id',
    owner: 'erp',
  },
  erpGoodsReceipts: {
    name: 'erp.public.goods-receipts.v1',
    partitions: 3,
    description: 'Goods received into a warehouse (purchase or production).',
    key: 'warehouse id',
    owner: 'erp',
  },
  erpPurchaseRequestStatus: {
    name: 'erp.public.purchase-request-status.v1',
    partitions: 3,
    description: "The ERP's progress on a purchase or production request, with its planned date.",
    key: 'purchase request id',
    owner: 'erp',
  },
  erpDeliveries: {
    name: 'erp.public.deliveries.v1',
    partitions: 3,
    description: 'Units delivered per month (and product model) from the ERP: the denominator of the return rate.',
    key: 'month|product model',
    owner: 'erp',
  },
  tenants: {
    name: 'aftercare.internal.tenants.v1',
    partitions: 1,
    compacted: true,
    description: 'The tenant registry: every tenant ever registered, read from the beginning by every service (libs/tenancy).',
    key: 'tenant id',
    owner: 'aftercare',
  },
  tenantSettings: {
    name: 'aftercare.internal.tenant-settings.v1',
    partitions: 1,
    compacted: true,
    description: "Each tenant's settings (SLA policies, calendars, escalation contacts, case handling), latest revision per tenant, read from the beginning by the services that use them (libs/tenant-settings).",
    key: 'tenant id',
    owner: 'aftercare',
  },
} satisfies Record<string, TopicSpec>;

export const ALL_TOPICS: TopicSpec[] = Object.values(TOPICS);

export function topicSpec(name: string): TopicSpec | undefined {
  return ALL_TOPICS.find((t) => t.name === name);
}
