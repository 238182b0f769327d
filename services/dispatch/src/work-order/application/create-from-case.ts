import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { ServiceRequestRouted } from '@aftercare/contracts';
import { PermanentMessageError } from '@aftercare/messaging';
import { DuplicateKeyError } from '@aftercare/persistence';
import type { Zone } from '../../technician/domain';
import { CAPACITY_STATUSES, WorkOrder, type Priority } from '../domain';
import { WorkOrderRepository } from '../infrastructure/work-order.repository';
import { Assignment, retryingCapacityRaces, type Hold } from './assignment';
import { caseTermsOf, isWorkOrderType, productLineOf, requiredSkillsFor, UNKNOWN_PRODUCT } from './case-mapping';
import { SiteGeocoder } from './site-geocoder';
import { SlaDeadlines } from './sla-deadlines';

/** Zone of a site whose case names none: the SLA treats an unknown zone like the suburbs. */
export const DEFAULT_ZONE: Zone = 'suburb';

/**
 * One work order per case and routing round: the id is a digest of tenant, case and the routing
 * instant (a reopened case routed again gets a new round, a redelivered event the same one).
 */
export function workOrderIdFor(tenantId: string, caseId: string, routedAt: string): string {
  const digest = createHash('sha256').update(`${tenantId}|${caseId}|${new Date(routedAt).toISOString()}`).digest('hex');
  return `wo-${digest.slice(0, 24)}`;
}

export type CreateFromCaseResult =
  | { outcome: 'created'; order: WorkOrder }
  | { outcome: 'duplicate'; order: WorkOrder }
  | { outcome: 'ignored'; reason: string };

/**
 * A case routed to dispatch becomes a work order: site (with coordinates from the geocoder port),
 * zone, product and its line, required skills, priority, the case's terms (call, agreement,
 * quality problem, fee class), and the SLA clocks from the policies, started at the call. Automatic assignment runs at once, and the order
 * is stored once with `created` and `assigned` (or `unassigned` + `escalated`) in its outbox.
 */
@Injectable()
export class CreateWorkOrderFromCase {
  private readonly logger = new Logger('dispatch.create-from-case');

  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly assignment: Assignment,
    private readonly geocoder: SiteGeocoder,
    private readonly sla: SlaDeadlines,
  ) {}

  async execute(routed: ServiceRequestRouted, now: Date = new Date()): Promise<CreateFromCaseResult> {
    if (routed.target !== 'dispatch') return { outcome: 'ignored', reason: `routed to ${routed.target}` };
    const type = routed.requestedType;
    if (!isWorkOrderType(type))
      throw new PermanentMessageError('WORK_ORDER_TYPE_UNSUPPORTED', `a ${type} case cannot become a work order (field-service types only)`);

    // No read before the insert: the derived id's unique `_id` answers "does this round have an
    // order?" with the insert itself, one store command less per case. A redelivery pays instead
    // (ranking, perhaps a capacity take it then undoes) — redeliveries are rare, cases are not.
    const id = workOrderIdFor(routed.tenantId, routed.caseId, routed.routedAt);
    const zone: Zone = routed.site.zone ?? routed.customer.zone ?? DEFAULT_ZONE;
    const address = routed.site.address ?? routed.customer.address ?? `(no address on case ${routed.caseId})`;
    const location = await this.geocoder.locate({ address, zone, tenantId: routed.tenantId });
    const line = productLineOf(routed.product.model);
    const terms = caseTermsOf(routed);
    const calendars = await this.sla.calendarsFor(routed.tenantId);
    const clocks = await this.sla.clocksFor({
      tenantId: routed.tenantId,
      caseType: type,
      priority: routed.priority as Priority,
      ...(routed.site.zone ? { zone: routed.site.zone } : {}),
      ...(terms.serviceAgreement ? { agreement: terms.serviceAgreement.level } : {}),
      ...(terms.qualityProblem ? { qualityProblem: true } : {}),
    });

    return retryingCapacityRaces(async (attempt) => {
      const order = WorkOrder.create({
        id,
        tenantId: routed.tenantId,
        caseId: routed.caseId,
        type,
        priority: routed.priority as Priority,
        site: { address, zone, lat: location.lat, lng: location.lng },
        product: { model: routed.product.model ?? UNKNOWN_PRODUCT, line },
        // Without a serial the asset is unknown: the order's own key keeps it out of repeat-repair matches.
        serialNo: routed.product.serialNumber ?? `unknown:${routed.caseId}`,
        requiredSkills: requiredSkillsFor(type, line),
        // Arrival and completion run from the customer's call (waiting for entitlement counts), on the
        // policies' calendars; the technician-arranged clock from the routing (source 004 §3).
        clocks: { ...clocks, startedAt: terms.receivedAt, routedAt: new Date(routed.routedAt) },
        calendars,
        terms,
        at: now,
      });
      const { hold } = await this.assignment.assign(order, now, attempt);
      try {
        await this.orders.save(order);
        return { outcome: 'created', order } as const;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) {
          await this.assignment.undo(order, hold);
          throw error;
        }
        // The round has its order already: a redelivery, or another instance created it meanwhile.
        const winner = await this.orders.findById(routed.tenantId, id);
        if (!holdsTheSameSlot(winner, hold)) await this.assignment.undo(order, hold);
        this.logger.debug(`work order ${id} for case ${routed.caseId} already exists`);
        if (!winner) throw error;
        return { outcome: 'duplicate', order: winner } as const;
      }
    });
  }
}


/**
 * Whether the stored order counts against the technician this attempt took: then that one count
 * is the stored order's (the take and the order's own raced), and undoing it would free a slot
 * the order occupies. A stored order finished since, or given to someone else, holds no such slot.
 */
export function holdsTheSameSlot(stored: WorkOrder | null, hold: Hold | null): boolean {
  return !!stored && !!hold && stored.technicianId === hold.technicianId && CAPACITY_STATUSES.includes(stored.status);
}
