import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  SERVICE_COMPLAINT_CLOSED_V1,
  SERVICE_COMPLAINT_OPENED_V1,
  TOPICS,
  type ServiceComplaintClosedV1,
  type ServiceComplaintOpenedV1,
} from '@aftercare/contracts';
import { EventContext, PermanentMessageError, onTopic } from '@aftercare/messaging';
import { TenantRegistry } from '@aftercare/tenancy';
import { countedComplaint } from './technician-complaints';
import { TechnicianComplaints } from './technician-complaints.store';

type ComplaintEvent = ServiceComplaintOpenedV1 | ServiceComplaintClosedV1;

/**
 * `claims.public.service-complaint.events.v1` → the appraisal's complaints column. `opened` of a
 * complaint about a technician: its received instant is kept (claims counts the complaint in
 * that month). `closed`: a confirmed complaint about a technician counts against them in that
 * month, in the tenant's time zone, once. `escalated` is not read.
 */
@Controller()
export class ServiceComplaintHandler {
  private readonly logger = new Logger(ServiceComplaintHandler.name);

  constructor(
    private readonly complaints: TechnicianComplaints,
    private readonly tenants: TenantRegistry,
  ) {}

  @EventPattern(onTopic(TOPICS.claimsServiceComplaintEvents, { types: [SERVICE_COMPLAINT_OPENED_V1, SERVICE_COMPLAINT_CLOSED_V1] }))
  async onComplaint(@Payload() complaint: ComplaintEvent, @Ctx() ctx: EventContext<ComplaintEvent>): Promise<void> {
    const { type } = ctx.envelope;
    if (type === SERVICE_COMPLAINT_OPENED_V1) await this.opened(complaint as ServiceComplaintOpenedV1);
    else await this.closed(complaint as ServiceComplaintClosedV1);
  }

  private async opened(complaint: ServiceComplaintOpenedV1): Promise<void> {
    // A complaint about no technician never counts: nothing to keep.
    if (!complaint.technicianId) return;
    await this.complaints.received(complaint.tenantId, complaint.complaintId, instant(complaint.receivedAt, 'receivedAt'));
  }

  private async closed(complaint: ServiceComplaintClosedV1): Promise<void> {
    const { tenantId, complaintId } = complaint;
    const closedAt = instant(complaint.closedAt, 'closedAt');
    const known = await this.complaints.find(tenantId, complaintId);
    if (known.countedIn) return;
    const counted = countedComplaint({ ...complaint, closedAt }, known.receivedAt, await this.tenants.timeZoneOf(tenantId));
    if (!counted) return;
    if (!known.receivedAt) this.logger.warn(`complaint ${complaintId} (tenant ${tenantId}) closed without its opening seen: counted in ${counted.month}, the month it was closed`);
    await this.complaints.count(tenantId, counted);
  }
}

function instant(value: string, field: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new PermanentMessageError('SERVICE_COMPLAINT_INVALID', `${field} ${value} is not an instant`);
  return at;
}
