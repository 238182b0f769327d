/** The ERP's steps for a purchase or production request (source 001 §6 step 2). */
export type ErpPurchaseStatus = 'planned' | 'in_production' | 'purchasing' | 'received';
