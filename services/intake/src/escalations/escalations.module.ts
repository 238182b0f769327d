import { Module } from '@nestjs/common';
import { CaseEscalations } from './application/case-escalations';
import { CaseEscalationLogHandler } from './inbound/case-escalation-log.handler';
import { CaseEscalationsController } from './inbound/case-escalations.controller';
import { CaseEscalationLog } from './infrastructure/case-escalation-log';

/** The SLA clock escalations of cases, listed per level of the chain. */
@Module({ controllers: [CaseEscalationsController, CaseEscalationLogHandler], providers: [CaseEscalationLog, CaseEscalations] })
export class EscalationsModule {}
