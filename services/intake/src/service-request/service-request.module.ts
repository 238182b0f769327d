import { Module } from '@nestjs/common';
import { InstalledBaseStore } from '../installed-base/installed-base.store';
import { CaseCommands } from './application/case-commands';
import { ConfirmBySilence } from './application/confirm-by-silence';
import { RegisterCase } from './application/register-case';
import { TenantCaseHandling } from './application/tenant-case-handling';
import { ServiceRequestQueries } from './application/service-request.queries';
import { ArchiveController } from './inbound/archive.controller';
import { CaseWorkController } from './inbound/case-work.controller';
import { ServiceRequestsController } from './inbound/service-requests.controller';
import { ServiceRequestRepository } from './infrastructure/service-request.repository';

/** The service case: its store, its use cases and its HTTP API. */
@Module({
  controllers: [ServiceRequestsController, CaseWorkController, ArchiveController],
  providers: [ServiceRequestRepository, InstalledBaseStore, RegisterCase, CaseCommands, ServiceRequestQueries, ConfirmBySilence, TenantCaseHandling],
  exports: [ServiceRequestRepository, InstalledBaseStore, RegisterCase, CaseCommands, ServiceRequestQueries],
})
export class ServiceRequestModule {}
