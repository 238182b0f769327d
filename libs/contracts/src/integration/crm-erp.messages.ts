/**
 * Inbound integration messages owned by the external systems (CRM, ERP). Aftercare validates
 * them against `libs/contracts/schemas/<type>.json` and never trusts them further than that.
 * They travel like our own events: CloudEvents 1.0 in Kafka binary mode, `ce_tenantid` required,
 * the value is the data below as JSON.
 *
 * Conventions: timestamps are ISO 8601 strings, calendar dates are `YYYY-MM-DD` (inclusive),
 * absent values are `null` (never missing) except where a field is marked optional.
 */

// ---------------------------------------------------------------------------------------------
// Message types
// ---------------------------------------------------------------------------------------------

/** Topic `crm.public.service-requests.v1`, key = CRM request id. */
export const CRM_SERVICE_REQUEST_RAISED_V1 = 'crm.service-request.raised.v1';
/** Topic `crm.public.customers.v1`, key = customer id. */
export const CRM_CUSTOMER_UPSERTED_V1 = 'crm.customer.upserted.v1';
/** Topic `erp.public.installed-base.v1`, key = serial number. */
export const ERP_INSTALLED_BASE_ASSET_UPSERTED_V1 = 'erp.installed-base.asset-upserted.v1';

export const CRM_SERVICE_REQUEST_MESSAGE_TYPES = [CRM_SERVICE_REQUEST_RAISED_V1] as const;
export const CRM_CUSTOMER_MESSAGE_TYPES = [CRM_CUSTOMER_UPSERTED_V1] as const;
export const ERP_INSTALLED_BASE_MESSAGE_TYPES = [ERP_INSTALLED_BASE_ASSET_UPSERTED_V1] as const;

// ---------------------------------------------------------------------------------------------
// Shared value types
// ---------------------------------------------------------------------------------------------

/** How the customer reached the company, as CRM reports it. */
export type CrmChannel = 'crm' | 'cti' | 'phone' | 'email' | 'web_form' | 'wechat';

export type CrmRequestedType =
  | 'repair'
  | 'installation'
  | 'commissioning'
  | 'maintenance'
  | 'training'
  | 'consultation'
  | 'return_exchange'
  | 'quality_complaint'
  | 'service_complaint'
  | 'suggestion';

export type CrmSeverity = 'critical' | 'major' | 'minor';
export type CrmUrgency = 'high' | 'normal' | 'low';
/** Drives the arrival SLA. */
export type CrmZone = 'city' | 'suburb' | 'remote';

// ---------------------------------------------------------------------------------------------
// crm.service-request.raised.v1
// ---------------------------------------------------------------------------------------------

export interface CrmServiceRequestCustomerV1 {
  /** Customer id in CRM; null for a caller CRM has not matched to a customer yet. */
  customerId: string | null;
  name: string;
  contactPerson: string | null;
  phone: string | null;
  email: string | null;
  /** The site address: where a technician goes. */
  address: string | null;
  zone: CrmZone | null;
}

export interface CrmServiceRequestProductV1 {
  model: string | null;
  /** Looked up in the installed base for the entitlement check. */
  serialNumber: string | null;
  /** `YYYY-MM-DD`, as declared by the customer. */
  purchaseDate: string | null;
}

export interface CrmServiceRequestAttachmentV1 {
  id: string;
  name: string;
  /** Reference to the stored file; the message never carries the content. */
  uri: string;
  contentType?: string;
}

export interface CrmServiceRequestPreferredTimeV1 {
  from: string;
  to: string | null;
}

/** A request raised in CRM or taken by the call centre; intake registers one case per request. */
export interface CrmServiceRequestRaisedV1 {
  /** The request's id in CRM; the case's externalRef. */
  requestId: string;
  channel: CrmChannel;
  customer: CrmServiceRequestCustomerV1;
  product: CrmServiceRequestProductV1;
  problemDescription: string;
  requestedType: CrmRequestedType;
  severity: CrmSeverity;
  urgency: CrmUrgency;
  preferredTime: CrmServiceRequestPreferredTimeV1 | null;
  attachments: CrmServiceRequestAttachmentV1[];
  /** When the customer raised the request (ISO 8601); the case's receivedAt. */
  raisedAt: string;
  /** A quality problem (field-service types only): the visit is due within 8 h. Optional; absent means false. */
  qualityProblem?: boolean;
}

// ---------------------------------------------------------------------------------------------
// crm.customer.upserted.v1
// ---------------------------------------------------------------------------------------------

export interface CrmCustomerContactV1 {
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
  /** The contact to reach first. */
  primary: boolean;
}

/** The whole current customer record; the newest `updatedAt` wins. */
export interface CrmCustomerUpsertedV1 {
  customerId: string;
  name: string;
  contacts: CrmCustomerContactV1[];
  address: string | null;
  zone: CrmZone | null;
  /** When CRM last changed the record (ISO 8601). */
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// erp.installed-base.asset-upserted.v1
// ---------------------------------------------------------------------------------------------

export interface ErpServiceContractV1 {
  id: string;
  /** First day covered, `YYYY-MM-DD`. */
  validFrom: string;
  /** Last day covered, `YYYY-MM-DD`. */
  validTo: string;
  /** The agreement's service level, e.g. `standard`, `premium`. */
  level?: string | null;
}

/** The whole current asset record; the newest `updatedAt` wins. */
export interface ErpInstalledBaseAssetUpsertedV1 {
  serialNumber: string;
  productModel: string;
  productLine?: string | null;
  /** Owner in CRM's numbering; null while the asset has no known owner. */
  customerId: string | null;
  /** `YYYY-MM-DD` */
  purchaseDate: string | null;
  /** Last day of warranty, `YYYY-MM-DD`; null when the asset has no warranty. */
  warrantyEnd: string | null;
  serviceContract: ErpServiceContractV1 | null;
  /** When ERP last changed the record (ISO 8601). */
  updatedAt: string;
}

/** Every inbound integration message type, by short name. */
export const INTEGRATION_MESSAGE_TYPES = {
  crmServiceRequestRaised: CRM_SERVICE_REQUEST_RAISED_V1,
  crmCustomerUpserted: CRM_CUSTOMER_UPSERTED_V1,
  erpInstalledBaseAssetUpserted: ERP_INSTALLED_BASE_ASSET_UPSERTED_V1,
} as const;
