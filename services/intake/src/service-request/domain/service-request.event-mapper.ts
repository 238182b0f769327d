/**
 * The one place where the case's facts become its public events (`@aftercare/contracts`,
 * topic `intake.public.service-request.events.v1`). Called when a fact is recorded, so each event
 * describes the case as it was at that moment; every value is copied, so later changes to the
 * case never alter a recorded event.
 */
import type { DomainEvent } from '@aftercare/ddd';
import {
  SERVICE_REQUEST_EVENT_TYPES as EVENTS,
  type ServiceRequestAttachmentV1,
  type ServiceRequestCustomerV1,
  type ServiceRequestEntitlementV1,
  type ServiceRequestEventDataMap,
  type ServiceRequestEventType,
  type ServiceRequestPreferredTimeV1,
  type ServiceRequestProductV1,
  type ServiceRequestRoutingV1,
  type ServiceRequestServiceAgreementV1,
  type ServiceRequestUpdatedField,
  type ServiceRequestUpdatedV1,
  type ServiceRequestWorkItemV1,
} from './service-request.events';
import { INTERNAL_WORK_FEE_CLASS, feeClassOf } from './internal-work';
import type { DetailGroup, ServiceRequestFact } from './service-request.facts';
import { type ServiceRequestState, classificationOf, requestTypeOf } from './service-request.state';
import type { Attachment } from './service-request.types';

type State = Readonly<ServiceRequestState>;
/** Event data without the `caseId` / `tenantId` every event carries. */
type Body<T extends ServiceRequestEventType> = Omit<ServiceRequestEventDataMap[T], 'caseId' | 'tenantId'>;
/** The optional groups of an `updated` event. */
type UpdatedGroups = Partial<Omit<ServiceRequestUpdatedV1, 'caseId' | 'tenantId' | 'updatedAt' | 'status' | 'changedFields'>>;

export function serviceRequestEventOf(fact: ServiceRequestFact, s: State): DomainEvent {
  const at = fact.at;
  switch (fact.kind) {
    case 'registered':
      return event(s, EVENTS.registered, at, {
        channel: s.channel,
        externalRef: s.externalRef,
        receivedAt: iso(s.receivedAt),
        registeredAt: iso(at),
        requestedType: requestTypeOf(s),
        customer: customerV1(s),
        product: productV1(s),
        problemDescription: s.problemDescription ?? '',
        attachments: attachmentsV1(s),
        preferredTime: preferredTimeV1(s),
        classification: { ...fact.classification },
        entitlement: entitlementV1(s),
        serviceAgreement: serviceAgreementV1(s),
        qualityProblem: s.qualityProblem,
      });
    case 'acknowledged':
      return event(s, EVENTS.acknowledged, at, {
        acknowledgedAt: iso(at),
        channel: s.channel,
        externalRef: s.externalRef,
        requestedType: requestTypeOf(s),
        priority: classificationOf(s).priority,
        customer: customerV1(s),
      });
    case 'routed': {
      const classification = classificationOf(s);
      const entitlement = entitlementV1(s);
      const feeClass = feeClassOf(s);
      // v1 cannot name class D: a case of internal work goes out as v2, every other as v1 (ADR 0044).
      return event(s, feeClass === INTERNAL_WORK_FEE_CLASS ? EVENTS.routedV2 : EVENTS.routed, at, {
        routedAt: iso(at),
        target: fact.target,
        reroute: fact.reroute,
        channel: s.channel,
        externalRef: s.externalRef,
        requestedType: requestTypeOf(s),
        classification: { ...classification },
        priority: classification.priority,
        site: { address: s.customer.address, zone: s.customer.zone },
        customer: customerV1(s),
        product: productV1(s),
        problemDescription: s.problemDescription ?? '',
        attachments: attachmentsV1(s),
        preferredTime: preferredTimeV1(s),
        entitlement,
        feeClass,
        receivedAt: iso(s.receivedAt),
        serviceAgreement: serviceAgreementV1(s),
        qualityProblem: s.qualityProblem,
      });
    }
    case 'workStarted':
    case 'workCompleted':
      return updated(s, at, ['work'], { work: workV1(s) });
    case 'resolved': {
      const feeClass = feeClassOf(s);
      return event(s, feeClass === INTERNAL_WORK_FEE_CLASS ? EVENTS.resolvedV2 : EVENTS.resolved, at, {
        resolvedAt: iso(at),
        summary: fact.summary,
        requestedType: requestTypeOf(s),
        work: workV1(s),
        feeClass,
        reopenCount: s.reopenings.length,
      });
    }
    case 'confirmed':
      return event(s, EVENTS.confirmed, at, { confirmedAt: iso(at), confirmedBy: fact.by, resolvedAt: iso(resolvedAtOf(s)) });
    case 'closed':
      return event(s, EVENTS.closed, at, {
        closedAt: iso(at),
        reason: fact.reason,
        requestedType: requestTypeOf(s),
        reopenCount: s.reopenings.length,
      });
    case 'reopened':
      return event(s, EVENTS.reopened, at, {
        reopenedAt: iso(at),
        reason: fact.reason,
        note: fact.note,
        previousStatus: fact.previousStatus,
        reopenCount: s.reopenings.length,
        requestedType: requestTypeOf(s),
        priority: s.classification?.priority ?? null,
        routeTarget: s.routing?.target ?? null,
      });
    case 'cancelled':
      return event(s, EVENTS.cancelled, at, {
        cancelledAt: iso(at),
        reason: fact.reason,
        cancelledBy: fact.by,
        previousStatus: fact.previousStatus,
        externalRef: s.externalRef,
        openWork: workV1(s).filter((w) => w.completedAt === null),
        // The round's work order may exist without a work item yet (no technician took it): dispatch finds it by the round.
        routing: routingV1(s),
      });
    case 'rejected':
      return event(s, EVENTS.rejected, at, {
        rejectedAt: iso(at),
        reason: fact.reason,
        duplicateOf: fact.duplicateOf,
        note: fact.note,
        previousStatus: fact.previousStatus,
        channel: s.channel,
        externalRef: s.externalRef,
      });
    case 'duplicateLinked': {
      const duplicate = fact.duplicate;
      return event(s, EVENTS.duplicateLinked, at, {
        linkedAt: iso(at),
        duplicateCaseId: duplicate.id,
        duplicateChannel: duplicate.channel,
        duplicateExternalRef: duplicate.externalRef,
        duplicateReceivedAt: iso(duplicate.receivedAt),
        duplicateProblemDescription: duplicate.problemDescription,
        duplicateAttachments: duplicate.attachments.map(attachmentV1),
      });
    }
    case 'detailsChanged':
      return updated(s, at, [...fact.changed], detailGroups(s, fact.changed));
    case 'informationAdded': {
      const { note } = fact;
      const withAttachments = fact.attachmentCount > 0;
      return updated(s, at, withAttachments ? ['information', 'attachments'] : ['information'], {
        addedInformation: { text: note.text, attachmentIds: [...note.attachmentIds], addedBy: note.addedBy, addedAt: iso(note.addedAt) },
        ...(withAttachments ? { attachments: attachmentsV1(s) } : {}),
      });
    }
    case 'reclassified':
      return updated(s, at, ['classification'], { classification: { ...fact.classification } });
    case 'entitlementChanged':
      return updated(s, at, ['entitlement'], { entitlement: entitlementV1(s) });
    case 'misuseFlagged':
      // The entitlement travels along whenever one is decided, changed or not: consumers see the charge.
      return updated(s, at, fact.entitlementCharged ? ['misuse', 'entitlement'] : ['misuse'], {
        misuse: true,
        ...(s.entitlement ? { entitlement: entitlementV1(s) } : {}),
      });
    case 'escalated':
      return event(s, EVENTS.escalated, at, {
        escalatedAt: iso(at),
        level: fact.level,
        previousLevel: fact.previousLevel,
        reason: fact.reason,
        note: fact.note,
        status: s.status,
        priority: s.classification?.priority ?? null,
      });
    case 'qualityProblemFlagged':
      return event(s, EVENTS.qualityProblemFlagged, at, {
        flaggedAt: iso(at),
        source: fact.source,
        status: s.status,
        requestedType: requestTypeOf(s),
        // Dispatch finds the round's work order from it, as for a cancellation.
        routing: routingV1(s),
      });
    case 'slaBreached':
      return event(s, EVENTS.slaBreached, at, {
        clock: fact.clock,
        dueAt: iso(fact.dueAt),
        breachedAt: iso(at),
        status: s.status,
        priority: s.classification?.priority ?? null,
      });
  }
}

function event<T extends ServiceRequestEventType>(s: State, type: T, at: Date, body: Body<T>): DomainEvent<ServiceRequestEventDataMap[T]> {
  return { type, data: { caseId: s.id, tenantId: s.tenantId, ...body } as ServiceRequestEventDataMap[T], caseId: s.id, occurredAt: at };
}

function updated(s: State, at: Date, changedFields: ServiceRequestUpdatedField[], groups: UpdatedGroups): DomainEvent {
  return event(s, EVENTS.updated, at, { updatedAt: iso(at), status: s.status, changedFields, ...groups });
}

function detailGroups(s: State, changed: readonly DetailGroup[]): UpdatedGroups {
  const groups: UpdatedGroups = {};
  if (changed.includes('customer')) groups.customer = { ...s.customer };
  if (changed.includes('product')) groups.product = productV1(s);
  if (changed.includes('problemDescription')) groups.problemDescription = s.problemDescription;
  if (changed.includes('preferredTime')) groups.preferredTime = preferredTimeV1(s);
  if (changed.includes('requestedType')) groups.requestedType = s.requestedType;
  if (changed.includes('externalRef')) groups.externalRef = s.externalRef;
  return groups;
}

const iso = (date: Date): string => date.toISOString();

function resolvedAtOf(s: State): Date {
  const resolvedAt = s.resolution?.resolvedAt;
  if (!resolvedAt) throw new Error(`service request ${s.id} is ${s.status} without a resolution`);
  return resolvedAt;
}

const customerV1 = (s: State): ServiceRequestCustomerV1 => ({ ...s.customer, name: s.customer.name ?? '' });

const productV1 = (s: State): ServiceRequestProductV1 => ({ ...s.product });

const attachmentsV1 = (s: State): ServiceRequestAttachmentV1[] => s.attachments.map(attachmentV1);

function attachmentV1(a: Attachment): ServiceRequestAttachmentV1 {
  return a.contentType ? { id: a.id, name: a.name, uri: a.uri, contentType: a.contentType } : { id: a.id, name: a.name, uri: a.uri };
}

function preferredTimeV1(s: State): ServiceRequestPreferredTimeV1 | null {
  const time = s.preferredTime;
  return time && { from: iso(time.from), to: time.to ? iso(time.to) : null };
}

function entitlementV1(s: State): ServiceRequestEntitlementV1 {
  const e = s.entitlement;
  if (!e) throw new Error(`service request ${s.id} has no entitlement`);
  return {
    entitlement: e.entitlement,
    feeClass: e.feeClass,
    reason: e.reason,
    contractId: e.contractId,
    misuse: s.misuse,
    decidedAt: iso(e.decidedAt),
  };
}

function routingV1(s: State): ServiceRequestRoutingV1 | null {
  return s.routing && { target: s.routing.target, routedAt: iso(s.routing.routedAt), round: s.routing.round };
}

function serviceAgreementV1(s: State): ServiceRequestServiceAgreementV1 | null {
  const a = s.serviceAgreement;
  return a && { id: a.id, level: a.level, validFrom: a.validFrom, validTo: a.validTo };
}

function workV1(s: State): ServiceRequestWorkItemV1[] {
  return s.work.map((w) => ({
    kind: w.kind,
    reference: w.reference,
    startedAt: iso(w.startedAt),
    completedAt: w.completedAt ? iso(w.completedAt) : null,
  }));
}
