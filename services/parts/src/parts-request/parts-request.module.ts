import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { PartReturnsController } from '../part-return/inbound/part-returns.controller';
import { PartReturnModule } from '../part-return/part-return.module';
import { ErpStockLevelHandler } from '../stock/inbound/erp-stock-level.handler';
import { StockController } from '../stock/inbound/stock.controller';
import { StockModule } from '../stock/stock.module';
import { PartsRequestCommands } from './application/parts-request-commands';
import { PartsRequestQueries } from './application/parts-request.queries';
import { ReceiveGoods } from './application/receive-goods';
import { ServiceReportUsage } from './application/service-report-usage';
import { StockAllocation } from './application/stock-allocation';
import { StockCounts } from './application/stock-counts';
import { CancelledCaseHandler } from './inbound/cancelled-case.handler';
import { ErpPurchasingHandler } from './inbound/erp-purchasing.handler';
import { PartsRequestsController } from './inbound/parts-requests.controller';
import { WorkOrderHandler } from './inbound/work-order.handler';
import { PartsRequestRepository } from './infrastructure/parts-request.repository';
import { WorkOrderPriorities } from './infrastructure/work-order-priorities.store';
import { CaseRequests, WorkOrderRequests } from './infrastructure/requests-index.store';

/** Parts requests: from dispatch's awaiting-parts or a clerk, through stock and the ERP, to the site. */
@Module({
  imports: [CatalogueModule, StockModule, PartReturnModule],
  controllers: [PartsRequestsController, StockController, PartReturnsController, ErpStockLevelHandler, WorkOrderHandler, ErpPurchasingHandler, CancelledCaseHandler],
  providers: [PartsRequestRepository, PartsRequestCommands, PartsRequestQueries, StockAllocation, StockCounts, ReceiveGoods, WorkOrderPriorities, WorkOrderRequests, CaseRequests, ServiceReportUsage],
  exports: [PartsRequestRepository],
})
export class PartsRequestModule {}
