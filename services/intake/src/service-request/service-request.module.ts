import { Module } from '@nestjs/common';
import { InstalledBaseStore } from '../installed-base/installed-base.store';
import { IntakeSettings } from './application/intake-settings';
import { RegisterCase } from './application/register-case';
import { ServiceRequestRepository } from './infrastructure/service-request.repository';

/** The service case: its store, its use cases and its HTTP API. */
@Module({
  providers: [ServiceRequestRepository, InstalledBaseStore, IntakeSettings, RegisterCase],
  exports: [ServiceRequestRepository, InstalledBaseStore, IntakeSettings, RegisterCase],
})
export class ServiceRequestModule {}
