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
  notificationRequests: {
    name: 'aftercare.public.notification-requests.v1',
    partitions: 3,
    description: 'Requests to tell a customer something (acknowledgement, appointment, survey link) for the SMS/e-mail gateway.',
    key: 'case id',
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
