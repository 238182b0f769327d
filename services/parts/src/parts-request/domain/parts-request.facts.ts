/** What happened to a parts request, in domain terms. A fact carries only what the state after it does not tell. */
export type PartsRequestFact =
  | { kind: 'requested'; at: Date }
  | { kind: 'allocated'; at: Date }
  | { kind: 'picked'; at: Date; by: string }
  | { kind: 'packed_inspected'; at: Date; by: string }
  | { kind: 'shipped'; at: Date }
  | { kind: 'delivered'; at: Date }
  | { kind: 'carrier_claim_settled'; at: Date; amount: number; note: string | null; by: string }
  | { kind: 'delayed'; at: Date; expectedAt: Date; reason: 'erp_planned_date' | 'shipment_eta' }
  | { kind: 'cancelled'; at: Date; released: number }
  | { kind: 'closed'; at: Date; by: string };
