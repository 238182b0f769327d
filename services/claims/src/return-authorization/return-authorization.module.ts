import { Module } from '@nestjs/common';
import { ReturnAuthorizationCommands } from './application/return-authorization-commands';
import { ReturnAuthorizationsController } from './inbound/return-authorizations.controller';
import { ReturnAuthorizationRepository } from './infrastructure/return-authorization.repository';

/** Returns (RMA): store, use cases and HTTP API. */
@Module({
  controllers: [ReturnAuthorizationsController],
  providers: [ReturnAuthorizationRepository, ReturnAuthorizationCommands],
  exports: [ReturnAuthorizationRepository, ReturnAuthorizationCommands],
})
export class ReturnAuthorizationModule {}
