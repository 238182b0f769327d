import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, TOPICS, type ErpInstalledBaseAssetUpsertedV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { InstalledBaseStore, type InstalledAsset } from '../../installed-base/installed-base.store';
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from '../../service-request/domain';

/**
 * `erp.public.installed-base.v1` → intake's copy of the installed base, read by the entitlement
 * check when a case is registered. The newest ERP `updatedAt` wins (`sourceTime`).
 *
 * The schema checks shapes and calendar dates; a service contract ending before it starts is
 * refused here (`SERVICE_REQUEST_INVALID_INSTALLED_BASE`, dead-lettered at once): stored, it
 * would make every later case for that serial fail its entitlement check.
 */
@Controller()
export class ErpInstalledBaseHandler {
  private readonly logger = new Logger(ErpInstalledBaseHandler.name);

  constructor(private readonly installedBase: InstalledBaseStore) {}

  @EventPattern(onTopic(TOPICS.erpInstalledBase, { types: [ERP_INSTALLED_BASE_ASSET_UPSERTED_V1] }))
  async onAssetUpserted(@Payload() data: ErpInstalledBaseAssetUpsertedV1, @Ctx() ctx: EventContext): Promise<void> {
    const { tenantId } = ctx.envelope;
    const contract = data.serviceContract;
    if (contract && contract.validFrom > contract.validTo) {
      throw serviceRequestError(
        SERVICE_REQUEST_ERRORS.INVALID_INSTALLED_BASE,
        `asset ${data.serialNumber}: service contract ${contract.id} ends (${contract.validTo}) before it starts (${contract.validFrom})`,
        'invalid',
        { serialNumber: data.serialNumber, fieldErrors: [{ field: 'serviceContract.validTo', message: 'must not be before validFrom' }] },
      );
    }
    const asset: InstalledAsset & { productLine: string | null } = {
      tenantId,
      serialNumber: data.serialNumber,
      productModel: data.productModel,
      productLine: data.productLine ?? null,
      customerId: data.customerId,
      purchaseDate: data.purchaseDate,
      warrantyEnd: data.warrantyEnd,
      serviceContract: contract
        ? { id: contract.id, validFrom: contract.validFrom, validTo: contract.validTo, ...(contract.level ? { level: contract.level } : {}) }
        : null,
      sourceTime: new Date(data.updatedAt),
    };
    const changed = await this.installedBase.upsert(asset);
    if (!changed) this.logger.log(`asset ${data.serialNumber} (tenant ${tenantId}) updated ${data.updatedAt}: a same or newer version is stored; ignored`);
  }
}
