import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, PRIORITIES, REQUEST_TYPES, STATUSES } from '../domain';

/* Response shapes, for the OpenAPI document only (the handlers return the query views). */

class CustomerView {
  @ApiProperty({ nullable: true, type: String }) customerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPerson!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, enum: ['city', 'suburb', 'remote'] }) zone!: string | null;
}

class ProductView {
  @ApiProperty({ nullable: true, type: String }) model!: string | null;
  @ApiProperty({ nullable: true, type: String }) serialNumber!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-03-15' }) purchaseDate!: string | null;
}

class AttachmentView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() uri!: string;
  @ApiPropertyOptional() contentType?: string;
}

class ClassificationView {
  @ApiProperty({ enum: ['critical', 'major', 'minor'] }) severity!: string;
  @ApiProperty({ enum: ['high', 'normal', 'low'] }) urgency!: string;
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
}

class EntitlementView {
  @ApiProperty({ enum: ['in_warranty', 'contract', 'out_of_warranty', 'unknown'] }) entitlement!: string;
  @ApiProperty({ nullable: true, enum: ['A', 'B', 'C'] }) feeClass!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) contractId!: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

class RoutingView {
  @ApiProperty({ enum: ['dispatch', 'claims', 'agent', 'review'] }) target!: string;
  @ApiProperty({ format: 'date-time' }) routedAt!: string;
  @ApiProperty() round!: number;
}

class NoteView {
  @ApiProperty({ nullable: true, type: String }) text!: string | null;
  @ApiProperty({ type: [String] }) attachmentIds!: string[];
  @ApiProperty({ nullable: true, type: String }) addedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
  @ApiProperty({ nullable: true, type: String }) sourceCaseId!: string | null;
}

export class ServiceRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ description: 'Optimistic-concurrency version' }) version!: number;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ nullable: true, type: String }) externalRef!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) registeredAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acknowledgedAt!: string | null;
  @ApiProperty({ type: CustomerView }) customer!: CustomerView;
  @ApiProperty({ type: ProductView }) product!: ProductView;
  @ApiProperty({ nullable: true, type: String }) problemDescription!: string | null;
  @ApiProperty({ type: [AttachmentView] }) attachments!: AttachmentView[];
  @ApiProperty({ enum: REQUEST_TYPES, nullable: true }) requestedType!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: '{ from, to } date-times' }) preferredTime!: unknown;
  @ApiProperty({ type: ClassificationView, nullable: true }) classification!: ClassificationView | null;
  @ApiProperty({ enum: PRIORITIES, nullable: true }) priority!: string | null;
  @ApiProperty({ type: EntitlementView, nullable: true }) entitlement!: EntitlementView | null;
  @ApiProperty({ description: 'Entitlement unknown: the agent must decide (PATCH …/entitlement) before routing' })
  needsEntitlementReview!: boolean;
  @ApiProperty() misuse!: boolean;
  @ApiProperty({ type: RoutingView, nullable: true }) routing!: RoutingView | null;
  @ApiProperty({ type: [Object], description: 'Downstream work: { kind, reference, startedAt, completedAt }' }) work!: unknown[];
  @ApiProperty({ nullable: true, type: Object }) resolution!: unknown;
  @ApiProperty({ nullable: true, type: Object }) confirmation!: unknown;
  @ApiProperty({ nullable: true, type: Object }) closure!: unknown;
  @ApiProperty({ nullable: true, type: Object }) cancellation!: unknown;
  @ApiProperty({ nullable: true, type: Object }) rejection!: unknown;
  @ApiProperty({ nullable: true, type: String, description: 'The surviving case when this one was merged as a duplicate' })
  duplicateOf!: string | null;
  @ApiProperty() escalated!: boolean;
  @ApiProperty({ nullable: true, type: Object }) escalation!: unknown;
  @ApiProperty() slaBreached!: boolean;
  @ApiProperty({ type: [Object] }) slaBreaches!: unknown[];
  @ApiProperty({ type: [Object] }) duplicates!: unknown[];
  @ApiProperty({ type: [NoteView] }) notes!: NoteView[];
  @ApiProperty({ type: [Object] }) reopenings!: unknown[];
  @ApiProperty({
    type: [String],
    description: 'Commands the current status allows: addInformation, cancel, confirm, reopen, close, setEntitlement',
  })
  allowedActions!: string[];
}

export class ServiceRequestPage {
  @ApiProperty({ type: [ServiceRequestView] }) items!: ServiceRequestView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class ServiceArchive extends ServiceRequestPage {
  @ApiProperty({ enum: ['customer', 'asset'] }) target!: string;
  @ApiProperty({ description: 'The customer id or the serial number' }) key!: string;
}

export class ArchiveReadView {
  @ApiProperty() id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ description: 'Who read (token subject)' }) subject!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ enum: ['customer', 'asset'] }) target!: string;
  @ApiProperty() key!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ArchiveReadPage {
  @ApiProperty({ type: [ArchiveReadView] }) items!: ArchiveReadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
