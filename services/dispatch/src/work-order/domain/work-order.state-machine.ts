import { StateMachine, TransitionTable } from '@aftercare/ddd';

export const WORK_ORDER_STATUSES = [
  'created',
  'assigned',
  'accepted',
  'declined',
  'scheduled',
  'awaiting_customer',
  'en_route',
  'on_site',
  'in_progress',
  'awaiting_parts',
  'carried_in',
  'in_repair',
  'repaired',
  'returned',
  'completed',
  'verified',
  'closed',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export const WORK_ORDER_ACTIONS = [
  'assign',
  'reassign',
  'accept',
  'decline',
  'schedule',
  'awaitCustomer',
  'endCustomerWait',
  'depart',
  'arrive',
  'start',
  'awaitParts',
  'resume',
  'carryIn',
  'startRepair',
  'updateRepairCard',
  'markRepaired',
  'returnToCustomer',
  'complete',
  'verify',
  'requireRework',
  'close',
  'cancel',
] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

/** States in which the order has not reached a technician (the dispatch queue). */
export const UNDISPATCHED_STATUSES: readonly WorkOrderStatus[] = ['created', 'declined'];
/** States in which a dispatcher may still give the order to another technician (before departure). */
export const REASSIGNABLE_STATUSES: readonly WorkOrderStatus[] = ['assigned', 'accepted', 'scheduled', 'awaiting_customer'];
/** States in which the job is done (a report is on file). */
export const DONE_STATUSES: readonly WorkOrderStatus[] = ['completed', 'verified', 'closed'];
export const TERMINAL_STATUSES: readonly WorkOrderStatus[] = ['closed', 'cancelled'];
/**
 * States in which the order counts against its technician's capacity (`openOrderIds`): from the
 * assignment to the report, the carry-in included (a QC rework counts again). Not once completed,
 * cancelled, declined, nor before a technician is named.
 */
export const CAPACITY_STATUSES: readonly WorkOrderStatus[] = [
  'assigned',
  'accepted',
  'scheduled',
  'awaiting_customer',
  'en_route',
  'on_site',
  'in_progress',
  'awaiting_parts',
  'carried_in',
  'in_repair',
  'repaired',
  'returned',
];
/** States in which the technician works on the job, on site or in the workshop, before the report is filed. */
export const ON_THE_JOB_STATUSES: readonly WorkOrderStatus[] = [
  'on_site',
  'in_progress',
  'awaiting_parts',
  'carried_in',
  'in_repair',
  'repaired',
  'returned',
];
/** States in which the customer's item is in the workshop's custody (cannot be cancelled). */
export const CARRY_IN_STATUSES: readonly WorkOrderStatus[] = ['carried_in', 'in_repair', 'repaired', 'returned'];

/**
 * The work order's life (R193 and the dealer QC loop):
 *
 * - field path: created → assigned → accepted → scheduled → en_route → on_site → in_progress
 *   ⇄ awaiting_parts → completed → verified → closed;
 * - a technician declines an offer: assigned → declined → (reassigned) assigned;
 * - a dispatcher gives an order that has a technician to another one before the technician sets
 *   off: assigned | accepted | scheduled → assigned (`reassign`; the new technician accepts and
 *   agrees the appointment again);
 * - an appointment may be re-agreed: scheduled → scheduled;
 * - the customer asks for a later appointment: accepted | scheduled → awaiting_customer (the
 *   policies pause the arrival clock there); the wait ends when the window starts
 *   (`endCustomerWait` → scheduled), or earlier when an earlier window is agreed after all
 *   (`schedule`); the technician sets off from scheduled;
 * - carry-in: on_site | in_progress → carried_in → in_repair (repair card may be updated any number
 *   of times) → repaired (supervisor inspection) → returned (customer signs) → completed, i.e. the
 *   returned order files its service report like a field job and then goes through the same
 *   verification and closing. Carrying in from in_progress covers the usual case of a fault found
 *   not fixable on site after work started, and a rework of a carried-in job;
 * - QC at verification fails: completed → in_progress (rework);
 * - cancelled from any state before completion except while the customer's item is in custody.
 */
export const WORK_ORDER_TRANSITIONS: TransitionTable<WorkOrderStatus, WorkOrderAction> = {
  assign: { from: ['created', 'declined'], to: 'assigned' },
  reassign: { from: ['assigned', 'accepted', 'scheduled', 'awaiting_customer'], to: 'assigned' },
  accept: { from: ['assigned'], to: 'accepted' },
  decline: { from: ['assigned'], to: 'declined' },
  schedule: { from: ['accepted', 'scheduled', 'awaiting_customer'], to: 'scheduled' },
  awaitCustomer: { from: ['accepted', 'scheduled', 'awaiting_customer'], to: 'awaiting_customer' },
  endCustomerWait: { from: ['awaiting_customer'], to: 'scheduled' },
  // From awaiting_customer: setting off ends the customer's wait first (`departForSite`).
  depart: { from: ['scheduled', 'awaiting_customer'], to: 'en_route' },
  arrive: { from: ['en_route'], to: 'on_site' },
  start: { from: ['on_site'], to: 'in_progress' },
  awaitParts: { from: ['in_progress'], to: 'awaiting_parts' },
  resume: { from: ['awaiting_parts'], to: 'in_progress' },
  carryIn: { from: ['on_site', 'in_progress'], to: 'carried_in' },
  startRepair: { from: ['carried_in'], to: 'in_repair' },
  updateRepairCard: { from: ['in_repair'], to: 'in_repair' },
  markRepaired: { from: ['in_repair'], to: 'repaired' },
  returnToCustomer: { from: ['repaired'], to: 'returned' },
  complete: { from: ['in_progress', 'returned'], to: 'completed' },
  verify: { from: ['completed'], to: 'verified' },
  requireRework: { from: ['completed'], to: 'in_progress' },
  close: { from: ['verified'], to: 'closed' },
  cancel: {
    from: ['created', 'assigned', 'accepted', 'declined', 'scheduled', 'awaiting_customer', 'en_route', 'on_site', 'in_progress', 'awaiting_parts'],
    to: 'cancelled',
  },
};

export const workOrderStateMachine = new StateMachine<WorkOrderStatus, WorkOrderAction>(
  'Work order', // → code WORK_ORDER_ILLEGAL_TRANSITION
  WORK_ORDER_TRANSITIONS,
);
