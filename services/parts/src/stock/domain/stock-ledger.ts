/**
 * The movement ledger of one part in one warehouse (a technician's van is a warehouse). Every
 * change of stock is a movement; on hand, reserved and available are always recomputable from
 * the movements, so a stored level can be checked against its history.
 */
export const MOVEMENT_KINDS = ['receipt', 'reservation', 'release', 'pick', 'ship', 'return', 'scrap', 'adjustment', 'consumption'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface StockMovement {
  /** Unique within the item: the idempotency key of the change (a retry finds it and changes nothing). */
  id: string;
  kind: MovementKind;
  /** Positive, except an adjustment, which is signed (the counted difference). */
  quantity: number;
  /** What caused it: a parts request line, a goods receipt, a count. */
  reference: string | null;
  at: Date;
}

export interface StockLevels {
  onHand: number;
  reserved: number;
  available: number;
}

/** How each kind moves on hand and reserved. A pick takes reserved units off the shelf; a shipment only records them leaving. */
const EFFECT: Record<MovementKind, { onHand: -1 | 0 | 1; reserved: -1 | 0 | 1 }> = {
  receipt: { onHand: 1, reserved: 0 },
  reservation: { onHand: 0, reserved: 1 },
  release: { onHand: 0, reserved: -1 },
  pick: { onHand: -1, reserved: -1 },
  ship: { onHand: 0, reserved: 0 },
  return: { onHand: 1, reserved: 0 },
  scrap: { onHand: -1, reserved: 0 },
  adjustment: { onHand: 1, reserved: 0 },
  // Fitted by a technician from their van (a service report): it leaves the books at the customer's site.
  consumption: { onHand: -1, reserved: 0 },
};

export const NO_STOCK: StockLevels = { onHand: 0, reserved: 0, available: 0 };

export function applyMovement(levels: StockLevels, movement: StockMovement): StockLevels {
  const effect = EFFECT[movement.kind];
  const onHand = levels.onHand + effect.onHand * movement.quantity;
  const reserved = levels.reserved + effect.reserved * movement.quantity;
  return { onHand, reserved, available: onHand - reserved };
}

/** The levels a ledger adds up to. */
export function levelsFrom(movements: readonly StockMovement[]): StockLevels {
  return movements.reduce(applyMovement, NO_STOCK);
}
