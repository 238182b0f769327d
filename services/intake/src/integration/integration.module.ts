import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';
import { CrmCustomerHandler } from './crm-customer.handler';
import { CrmServiceRequestHandler } from './crm-service-request.handler';
import { CustomerDirectory } from './customer-directory.store';
import { ErpInstalledBaseHandler } from './erp-installed-base.handler';

/**
 * Inbound integration topics: CRM service requests, CRM customers, ERP installed base. The
 * handlers are thin — validated data in, one use case or store call out; envelope, schema and
 * business failures are dead-lettered by the messaging library with their error code.
 */
@Module({
  imports: [ServiceRequestModule],
  providers: [CustomerDirectory, CrmServiceRequestHandler, CrmCustomerHandler, ErpInstalledBaseHandler],
  exports: [CustomerDirectory],
})
export class IntegrationModule {}
