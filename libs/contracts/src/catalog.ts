import { TOPICS, type TopicSpec } from './topics';

/** Who sends and who receives each topic, and which message types travel on it. */
export interface ChannelEntry {
  topic: TopicSpec;
  /** Message types on the topic are the schemas whose name starts with this. */
  typePrefix: string;
  producers: string[];
  consumers: string[];
}

export const CATALOG: ChannelEntry[] = [
  {
    topic: TOPICS.intakeServiceRequestEvents,
    typePrefix: 'aftercare.intake.service-request.',
    producers: ['intake'],
    consumers: ['intake', 'dispatch', 'erp/crm'],
  },
  {
    topic: TOPICS.dispatchWorkOrderEvents,
    typePrefix: 'aftercare.dispatch.work-order.',
    producers: ['dispatch'],
    consumers: ['intake', 'erp/crm'],
  },
  {
    topic: TOPICS.notificationRequests,
    typePrefix: 'aftercare.notifications.',
    producers: ['intake', 'dispatch'],
    consumers: ['notification-gateway'],
  },
  {
    topic: TOPICS.tenants,
    typePrefix: 'aftercare.platform.tenant.',
    producers: ['intake', 'dispatch', 'parts', 'claims', 'survey'],
    consumers: ['intake', 'dispatch', 'parts', 'claims', 'survey'],
  },
  {
    topic: TOPICS.tenantSettings,
    typePrefix: 'aftercare.platform.tenant-settings.',
    producers: ['intake'],
    consumers: ['intake', 'dispatch'],
  },
  { topic: TOPICS.crmServiceRequests, typePrefix: 'crm.service-request.', producers: ['crm'], consumers: ['intake'] },
  { topic: TOPICS.crmCustomers, typePrefix: 'crm.customer.', producers: ['crm'], consumers: ['intake'] },
  { topic: TOPICS.erpInstalledBase, typePrefix: 'erp.installed-base.', producers: ['erp'], consumers: ['intake'] },
];
