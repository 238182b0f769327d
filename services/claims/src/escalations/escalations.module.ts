import { Module } from '@nestjs/common';
import { ClaimEscalations } from './application/claim-escalations';
import { ClaimEscalationsController } from './inbound/claim-escalations.controller';
import { ClaimEscalationLogHandler } from './inbound/claim-escalation-log.handler';
import { ClaimEscalationLog } from './infrastructure/claim-escalation-log';

/** The escalations of claims and complaints, listed per level of the chain. */
@Module({ controllers: [ClaimEscalationsController, ClaimEscalationLogHandler], providers: [ClaimEscalationLog, ClaimEscalations] })
export class EscalationsModule {}
