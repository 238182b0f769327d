import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';
import { CustomerDirectory } from './customer-directory.store';
import { CrmCustomerHandler } from './inbound/crm-customer.handler';
import { CrmServiceRequestHandler } from './inbound/crm-service-request.handler';
import { ErpInstalledBaseHandler } from './inbound/erp-installed-base.handler';

/**
 * Inbound integration topics: CRM service requests, CRM customers, ERP installed base. The
 * handlers are thin — validated data in, one use case or store call out; envelope, schema and
 * business failures are dead-lettered by the messaging library with their error code.
 */
@Module({
  imports: [ServiceRequestModule],
  controllers: [CrmServiceRequestHandler, CrmCustomerHandler, ErpInstalledBaseHandler],
  providers: [CustomerDirectory],
  exports: [CustomerDirectory],
})
export class IntegrationModule {}
