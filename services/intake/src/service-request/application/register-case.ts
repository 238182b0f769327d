import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { NOTIFICATION_REQUESTED_V1, TOPICS, type NotificationRequestedV1 } from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import { DuplicateKeyError, type AccompanyingMessage } from '@aftercare/persistence';
import { InstalledBaseStore } from '../../installed-base/installed-base.store';
import {
  ServiceRequest,
  decideEntitlement,
  findDuplicate,
  newInformationOf,
  serviceAgreementOf,
  type Attachment,
  type Channel,
  type CustomerInput,
  type PreferredTimeInput,
  type ProductInput,
  type RequestType,
  type Severity,
  type Urgency,
  type RoutingOverrides,
} from '../domain';
import { ServiceRequestRepository } from '../infrastructure/service-request.repository';
import { IntakeSettings } from './intake-settings';
import { TenantCaseHandling } from './tenant-case-handling';

export interface RegisterCaseInput {
  tenantId: string;
  channel: Channel;
  externalRef?: string | null;
  receivedAt?: Date;
  customer: CustomerInput;
  product?: ProductInput;
  problemDescription: string;
  attachments?: Attachment[];
  requestedType: RequestType;
  preferredTime?: PreferredTimeInput | null;
  severity: Severity;
  urgency: Urgency;
  misuse?: boolean;
  /** A field-service case for a quality problem (8 h on site). */
  qualityProblem?: boolean;
  /** The company's own work (inspection, parts handling, tool upkeep, short training): fee class D. */
  internalWork?: boolean;
}

export interface RegisterCaseResult {
  serviceRequest: ServiceRequest;
  /** False when the same external request had been registered before (a redelivery). */
  created: boolean;
  /** The open case this one was merged into, when it was a duplicate. */
  duplicateOf?: string;
  /** A re-sent request brought something new: the case it was added to (the survivor for a merged duplicate). */
  updated?: string;
}

/**
 * Registration from any channel, in the order the procedures prescribe: one case per external
 * request, duplicate check against open cases, classification, entitlement against the
 * installed base, acknowledgement to the customer, routing. Everything the case publishes —
 * including the acknowledgement notification — is stored with it in one write.
 */
@Injectable()
export class RegisterCase {
  constructor(
    private readonly cases: ServiceRequestRepository,
    private readonly installedBase: InstalledBaseStore,
    private readonly settings: IntakeSettings,
    private readonly caseHandling: TenantCaseHandling,
  ) {}

  async execute(input: RegisterCaseInput): Promise<RegisterCaseResult> {
    const request = await this.receive(input);
    if (!(request instanceof ServiceRequest)) return request;
    // The tenant's priority matrix, duplicate window and routing, over the deployment's.
    const handling = await this.caseHandling.of(input.tenantId);
    const { open, registeredBefore } = await this.cases.prepareNewCase(request);
    if (registeredBefore) return this.followUp(registeredBefore, input);
    const survivor = this.duplicateAmong(request, open, handling.duplicateWindowHours);
    if (survivor) return this.mergeInto(request, survivor, input);

    const asset = await this.installedBase.find(input.tenantId, input.product?.serialNumber);
    request.register({
      severity: input.severity,
      urgency: input.urgency,
      priorityMatrix: handling.priorityMatrix,
      entitlement: decideEntitlement({
        installedBase: asset,
        productModel: input.product?.model,
        caseDate: request.receivedAt,
        misuse: input.misuse ?? false,
        timeZone: this.settings.timeZone,
      }),
      serviceAgreement: serviceAgreementOf(asset, request.receivedAt, this.settings.timeZone),
      qualityProblem: input.qualityProblem ?? false,
      internalWork: input.internalWork ?? false,
    });
    request.acknowledge();
    this.routeIfPossible(request, handling.routing);
    return this.insert(request, input, { alsoPublish: [acknowledgementOf(request)] });
  }

  /**
   * The new case, not yet stored. A re-send the domain refuses as a new case (e.g. incomplete now)
   * still reaches the case its first delivery registered, as any re-send does.
   */
  private async receive(input: RegisterCaseInput): Promise<ServiceRequest | RegisterCaseResult> {
    try {
      return ServiceRequest.receive({
        id: randomUUID(),
        tenantId: input.tenantId,
        channel: input.channel,
        receivedAt: input.receivedAt,
        externalRef: input.externalRef ?? null,
        customer: input.customer,
        product: input.product,
        problemDescription: input.problemDescription,
        attachments: input.attachments ?? [],
        requestedType: input.requestedType,
        preferredTime: input.preferredTime ?? null,
      });
    } catch (error) {
      const { tenantId, channel, externalRef } = input;
      const existing = error instanceof DomainError && externalRef ? await this.cases.findByExternalRef(tenantId, channel, externalRef) : null;
      if (existing) return this.followUp(existing, input);
      throw error;
    }
  }

  /**
   * The request was registered before: what the re-send brings that is new (a rewritten
   * description, more attachments) is added as information to the case it reached — the surviving
   * case when it was merged as a duplicate. A plain redelivery changes nothing.
   */
  private async followUp(existing: ServiceRequest, input: RegisterCaseInput): Promise<RegisterCaseResult> {
    const unchanged = { serviceRequest: existing, created: false };
    const target = existing.duplicateOf ? await this.cases.findById(existing.tenantId, existing.duplicateOf) : existing;
    if (!target || !target.can('addInformation')) return unchanged;
    const news = newInformationOf(
      { problemDescription: input.problemDescription, attachments: input.attachments ?? [] },
      { problemDescription: existing.problemDescription },
      { problemDescription: target.problemDescription, attachments: target.attachments, notes: target.notes },
    );
    if (!news) return unchanged;
    target.addInformation({ text: news.text, attachments: news.attachments, addedBy: `${input.channel}:${input.externalRef}` });
    await this.cases.save(target);
    return { ...unchanged, updated: target.id };
  }

  /** Routing waits for the agent when entitlement is unknown; the case stays acknowledged and flagged. */
  private routeIfPossible(request: ServiceRequest, routing: RoutingOverrides): void {
    try {
      request.route({ routing });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'SERVICE_REQUEST_ENTITLEMENT_UNRESOLVED')) throw error;
    }
  }

  private duplicateAmong(request: ServiceRequest, open: ServiceRequest[], windowHours: number): ServiceRequest | undefined {
    const match = findDuplicate(request.duplicateProbe, open.map((c) => c.duplicateProbe), { hours: windowHours });
    return match ? open.find((c) => c.id === match.id) : undefined;
  }

  private async mergeInto(request: ServiceRequest, survivor: ServiceRequest, input: RegisterCaseInput): Promise<RegisterCaseResult> {
    request.markDuplicateOf({ survivor });
    const result = await this.insert(request, input);
    if (!result.created) return result;
    survivor.linkDuplicate({ duplicate: request });
    await this.cases.save(survivor);
    return { ...result, duplicateOf: survivor.id };
  }

  private async insert(
    request: ServiceRequest,
    input: RegisterCaseInput,
    options: { alsoPublish?: AccompanyingMessage[] } = {},
  ): Promise<RegisterCaseResult> {
    try {
      await this.cases.save(request, options);
      return { serviceRequest: request, created: true };
    } catch (error) {
      // The same external request registered before (its case no longer listed under this
      // duplicate key) or concurrently by another instance or delivery.
      if (error instanceof DuplicateKeyError && request.externalRef) {
        const existing = await this.cases.findByExternalRef(request.tenantId, request.channel, request.externalRef);
        if (existing) return this.followUp(existing, input);
      }
      throw error;
    }
  }
}

function acknowledgementOf(request: ServiceRequest): AccompanyingMessage {
  const data: NotificationRequestedV1 = {
    notificationId: `ack-${request.id}`,
    tenantId: request.tenantId,
    caseId: request.id,
    purpose: 'acknowledgement',
    recipient: { name: request.customer.name, phone: request.customer.phone, email: request.customer.email, preferredChannel: null },
    template: 'case-acknowledged',
    parameters: { caseId: request.id, priority: request.priority, requestedType: request.requestedType },
    requestedBy: 'intake',
    requestedAt: new Date().toISOString(),
  };
  return { topic: TOPICS.notificationRequests.name, type: NOTIFICATION_REQUESTED_V1, data, caseId: request.id };
}
