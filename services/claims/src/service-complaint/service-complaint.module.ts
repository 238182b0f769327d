import { Module } from '@nestjs/common';
import { TenantClocks } from '../clocks/tenant-clocks';
import { OpenServiceComplaint } from './application/open-service-complaint';
import { ServiceComplaintCommands } from './application/service-complaint-commands';
import { ServiceComplaintsController } from './inbound/service-complaints.controller';
import { ServiceComplaintRepository } from './infrastructure/service-complaint.repository';

/** Service complaints: store, use cases and HTTP API. */
@Module({
  controllers: [ServiceComplaintsController],
  providers: [ServiceComplaintRepository, OpenServiceComplaint, ServiceComplaintCommands, TenantClocks],
  exports: [OpenServiceComplaint, ServiceComplaintRepository],
})
export class ServiceComplaintModule {}
