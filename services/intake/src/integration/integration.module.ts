import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';

/** Inbound integration topics: CRM service requests, CRM customers, ERP installed base. */
@Module({ imports: [ServiceRequestModule] })
export class IntegrationModule {}
