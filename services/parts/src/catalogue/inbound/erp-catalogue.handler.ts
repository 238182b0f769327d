import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ERP_PARTS_CATALOGUE_ITEM_UPSERTED_V1, TOPICS, type ErpPartsCatalogueItemUpsertedV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { catalogueItem } from '../domain/catalogue-item';
import { CatalogueStore } from '../infrastructure/catalogue.store';

/** `erp.public.parts-catalogue.v1` → the catalogue; the newest `updatedAt` wins. A broken item is dead-lettered with its fields. */
@Controller()
export class ErpCatalogueHandler {
  private readonly logger = new Logger(ErpCatalogueHandler.name);

  constructor(private readonly catalogue: CatalogueStore) {}

  @EventPattern(onTopic(TOPICS.erpPartsCatalogue, { types: [ERP_PARTS_CATALOGUE_ITEM_UPSERTED_V1] }))
  async onItem(@Payload() data: ErpPartsCatalogueItemUpsertedV1, @Ctx() ctx: EventContext<ErpPartsCatalogueItemUpsertedV1>): Promise<void> {
    const item = catalogueItem({ ...data, updatedAt: new Date(data.updatedAt) });
    const written = await this.catalogue.upsertIfNewer(ctx.envelope.tenantId, item);
    if (!written) this.logger.log(`part ${data.partNo} (tenant ${ctx.envelope.tenantId}) updated ${data.updatedAt}: a newer version is stored; ignored`);
  }
}
