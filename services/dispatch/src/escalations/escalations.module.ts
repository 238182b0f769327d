import { Module } from '@nestjs/common';
import { EscalationList } from './application/escalation-list';
import { EscalationLogHandler } from './inbound/escalation-log.handler';
import { EscalationsController } from './inbound/escalations.controller';
import { EscalationLog } from './infrastructure/escalation-log';

/** Escalations listed per role of the chain, kept from dispatch's escalated events. */
@Module({
  controllers: [EscalationsController, EscalationLogHandler],
  providers: [EscalationLog, EscalationList],
})
export class EscalationsModule {}
