/**
 * Inbound ERP messages for parts (owned by the ERP; validated against their schemas and never
 * trusted further). CloudEvents binary mode, `ce_tenantid` required. Dates: ISO 8601 strings.
 */

/** Topic `erp.public.parts-catalogue.v1`, key = part number. */
export const ERP_PARTS_CATALOGUE_ITEM_UPSERTED_V1 = 'erp.parts-catalogue.item-upserted.v1';
/** Topic `erp.public.stock-levels.v1`, key = warehouse id. */
export const ERP_STOCK_LEVEL_REPORTED_V1 = 'erp.stock-level.reported.v1';
/** Topic `erp.public.goods-receipts.v1`, key = warehouse id. */
export const ERP_GOODS_RECEIPT_POSTED_V1 = 'erp.goods-receipt.posted.v1';
/** Topic `erp.public.purchase-request-status.v1`, key = purchase request id. */
export const ERP_PURCHASE_REQUEST_STATUS_CHANGED_V1 = 'erp.purchase-request.status-changed.v1';

export interface ErpPartsCatalogueItemUpsertedV1 {
  partNo: string;
  name: string;
  specification: string | null;
  material: string | null;
  unit: string;
  /** Part numbers that may stand in for this one when the requester allows it, best first. */
  substitutes: string[];
  standardCost: number | null;
  updatedAt: string;
}

export interface ErpStockLevelReportedV1 {
  warehouseId: string;
  partNo: string;
  onHand: number;
  countedAt: string;
}

export interface ErpGoodsReceiptPostedV1 {
  receiptId: string;
  warehouseId: string;
  purchaseRequestId: string | null;
  lines: Array<{ partNo: string; quantity: number }>;
  receivedAt: string;
}

export type ErpPurchaseRequestStatus = 'planned' | 'in_production' | 'purchasing' | 'received';

export interface ErpPurchaseRequestStatusChangedV1 {
  purchaseRequestId: string;
  status: ErpPurchaseRequestStatus;
  /** When the ERP plans the goods to be in the warehouse; null while unknown. */
  plannedDate: string | null;
  changedAt: string;
}
