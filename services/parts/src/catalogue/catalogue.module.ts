import { Module } from '@nestjs/common';
import { CatalogueController } from './inbound/catalogue.controller';
import { ErpCatalogueHandler } from './inbound/erp-catalogue.handler';
import { CatalogueStore } from './infrastructure/catalogue.store';

/** The parts catalogue: maintained over HTTP and from the ERP. */
@Module({ controllers: [CatalogueController, ErpCatalogueHandler], providers: [CatalogueStore], exports: [CatalogueStore] })
export class CatalogueModule {}
