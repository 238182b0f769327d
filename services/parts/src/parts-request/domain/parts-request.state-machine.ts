/**
 * Life cycle of a parts request (source 001 §6; design note of source 004 §6):
 *
 * ```
 * requested ─allocate→ reserved | partially_reserved | backordered ─allocate→ (again, as stock arrives)
 * reserved ─pick→ picked ─pack→ packed_inspected ─ship→ shipped ─deliver→ delivered ─close→ closed
 * shipped ─reviseEta→ shipped   (the carrier's new ETA)
 * requested | reserved | partially_reserved | backordered ─takeFromVan→ delivered
 * requested | reserved | partially_reserved | backordered | picked | packed_inspected ─cancel→ cancelled
 * ```
 *
 * Only a fully reserved request is picked: a partial shipment would send the technician half a
 * repair. Cancelling after the parts left the warehouse is a return, not a cancellation. The
 * technician may find the parts in their own van before the warehouse picks: the request is then
 * delivered from the van at once (what it held in the warehouse goes back).
 */
import { StateMachine, type TransitionTable } from '@aftercare/ddd';
import type { PartsRequestStatus } from './parts-request.state';

export type PartsRequestAction = 'reserveAll' | 'reservePart' | 'backorder' | 'pick' | 'pack' | 'ship' | 'reviseEta' | 'deliver' | 'takeFromVan' | 'close' | 'cancel';

const ALLOCATABLE: PartsRequestStatus[] = ['requested', 'partially_reserved', 'backordered'];

export const PARTS_REQUEST_TRANSITIONS: TransitionTable<PartsRequestStatus, PartsRequestAction> = {
  reserveAll: { from: ALLOCATABLE, to: 'reserved' },
  reservePart: { from: ALLOCATABLE, to: 'partially_reserved' },
  backorder: { from: ['requested', 'backordered'], to: 'backordered' },
  pick: { from: ['reserved'], to: 'picked' },
  pack: { from: ['picked'], to: 'packed_inspected' },
  ship: { from: ['packed_inspected'], to: 'shipped' },
  reviseEta: { from: ['shipped'], to: 'shipped' },
  deliver: { from: ['shipped'], to: 'delivered' },
  takeFromVan: { from: ALLOCATABLE.concat('reserved'), to: 'delivered' },
  close: { from: ['delivered'], to: 'closed' },
  cancel: { from: ['requested', 'reserved', 'partially_reserved', 'backordered', 'picked', 'packed_inspected'], to: 'cancelled' },
};

export const PARTS_REQUEST_AGGREGATE = 'parts request';

export const partsRequestStateMachine = new StateMachine<PartsRequestStatus, PartsRequestAction>(PARTS_REQUEST_AGGREGATE, PARTS_REQUEST_TRANSITIONS);
