import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';

/** The reply clock: SLA policies and calendars, the due-deadline scheduler, breaches and escalation. */
@Module({ imports: [ServiceRequestModule] })
export class SlaModule {}
