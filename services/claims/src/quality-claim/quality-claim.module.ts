import { Module } from '@nestjs/common';
import { TenantClocks } from '../clocks/tenant-clocks';
import { OpenQualityClaim } from './application/open-quality-claim';
import { QualityClaimCommands } from './application/quality-claim-commands';
import { QualityClaimQueries } from './application/quality-claim.queries';
import { QualityClaimsController } from './inbound/quality-claims.controller';
import { RepeatRepairHandler } from './inbound/repeat-repair.handler';
import { QualityClaimRepository } from './infrastructure/quality-claim.repository';

/** Quality claims as 8D: store, use cases, HTTP API and dispatch's repeat-repair trigger. */
@Module({
  controllers: [QualityClaimsController, RepeatRepairHandler],
  providers: [QualityClaimRepository, OpenQualityClaim, QualityClaimCommands, QualityClaimQueries, TenantClocks],
  exports: [OpenQualityClaim, QualityClaimRepository, TenantClocks],
})
export class QualityClaimModule {}
