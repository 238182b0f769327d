import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CRM_SERVICE_REQUEST_RAISED_V1,
  ERP_INSTALLED_BASE_ASSET_UPSERTED_V1,
  EXAMPLES_DIR,
  type CrmServiceRequestRaisedV1,
  type ErpInstalledBaseAssetUpsertedV1,
} from '@aftercare/contracts';
import { ceHeaders } from '@aftercare/testing';
import { TENANT } from './system';

/** A message as the CRM or the ERP puts it on its topic (CloudEvents binary mode: ce_* headers, data as the value). */
export interface OutsideMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

function example<T>(type: string): T {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as T;
}

const CRM_EXAMPLE = example<CrmServiceRequestRaisedV1>(CRM_SERVICE_REQUEST_RAISED_V1);
const ASSET_EXAMPLE = example<ErpInstalledBaseAssetUpsertedV1>(ERP_INSTALLED_BASE_ASSET_UPSERTED_V1);

/** CloudEvents headers as the ERP's or CRM's own Kafka client writes them. */
const headers = (type: string, source: string, subject: string) => ceHeaders(type, source, subject, TENANT);

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** One benchmark case: its own CRM request, customer and serial (so no duplicate check links two cases). */
export interface BenchCase {
  requestId: string;
  serialNumber: string;
  customerId: string;
}

export function newCase(): BenchCase {
  const id = randomUUID();
  return { requestId: `CRM-REQ-${id}`, serialNumber: `SN-${id}`, customerId: `CRM-C-${id}` };
}

/** The ERP's record of the case's asset: in warranty, so intake decides the entitlement at once (fee class C). */
export function assetMessage(c: BenchCase): OutsideMessage {
  const asset: ErpInstalledBaseAssetUpsertedV1 = {
    ...ASSET_EXAMPLE,
    serialNumber: c.serialNumber,
    customerId: c.customerId,
    purchaseDate: day(-100),
    warrantyEnd: day(+600),
    serviceContract: null,
    updatedAt: new Date().toISOString(),
  };
  return { key: c.serialNumber, value: JSON.stringify(asset), headers: headers(ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, '/erp', c.serialNumber) };
}

/** The CRM's service request (the producer's example with the case's own ids). */
export function crmMessage(c: BenchCase): OutsideMessage {
  const request: CrmServiceRequestRaisedV1 = {
    ...CRM_EXAMPLE,
    requestId: c.requestId,
    customer: { ...CRM_EXAMPLE.customer, customerId: c.customerId },
    product: { ...CRM_EXAMPLE.product, serialNumber: c.serialNumber, purchaseDate: day(-100) },
    preferredTime: { from: new Date(Date.now() + 86_400_000).toISOString(), to: null },
    raisedAt: new Date().toISOString(),
  };
  return { key: c.requestId, value: JSON.stringify(request), headers: headers(CRM_SERVICE_REQUEST_RAISED_V1, '/crm', c.requestId) };
}

/** The body of POST /service-requests for the HTTP comparison: the CRM example's case, unique per request. */
export function registrationBody(c: BenchCase): Record<string, unknown> {
  return {
    channel: 'phone',
    externalRef: c.requestId,
    customer: { ...CRM_EXAMPLE.customer, customerId: c.customerId },
    product: { model: CRM_EXAMPLE.product.model, serialNumber: c.serialNumber },
    problemDescription: CRM_EXAMPLE.problemDescription,
    requestedType: 'repair',
    severity: 'major',
    urgency: 'high',
  };
}
