import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseHandlingSettings, EscalationLevelContacts, TenantSettings } from '@aftercare/tenant-settings';

/* The tenant's escalation contacts and case handling as the admin API shows them: named fields only. */

export class EscalationPersonView {
  @ApiProperty({ example: 'mgr-wang' }) id!: string;
  @ApiProperty({ example: 'Wang Fang' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['sms', 'email', 'wechat', 'phone'] }) preferredChannel!: string | null;
}

export class EscalationLevelView {
  @ApiProperty({ example: 'service_manager', description: "A level of the policies' escalation chains" }) level!: string;
  @ApiProperty({ example: 'manager' }) role!: string;
  @ApiProperty({ type: [EscalationPersonView] }) people!: EscalationPersonView[];
}

export class EscalationContactsView {
  @ApiProperty({ description: "The settings' revision (the ETag); 0 while the tenant has configured nothing" }) revision!: number;
  @ApiProperty({ type: [EscalationLevelView], description: "The tenant's levels; a level it does not name reaches nobody (its role still lists the escalation)" })
  levels!: EscalationLevelView[];
}

export class PriorityRowView {
  @ApiPropertyOptional({ enum: ['P1', 'P2', 'P3', 'P4'] }) high?: string;
  @ApiPropertyOptional({ enum: ['P1', 'P2', 'P3', 'P4'] }) normal?: string;
  @ApiPropertyOptional({ enum: ['P1', 'P2', 'P3', 'P4'] }) low?: string;
}

export class PriorityMatrixView {
  @ApiPropertyOptional({ type: PriorityRowView }) critical?: PriorityRowView;
  @ApiPropertyOptional({ type: PriorityRowView }) major?: PriorityRowView;
  @ApiPropertyOptional({ type: PriorityRowView }) minor?: PriorityRowView;
}

export class CaseHandlingView {
  @ApiProperty({ description: "The settings' revision (the ETag); 0 while the tenant has configured nothing" }) revision!: number;
  @ApiPropertyOptional({ type: PriorityMatrixView, description: 'Cells overriding the default matrix; absent: PRIORITY_MATRIX of the deployment' })
  priorityMatrix?: PriorityMatrixView;
  @ApiPropertyOptional({ description: 'Absent: DUPLICATE_WINDOW_HOURS of the deployment' }) duplicateWindowHours?: number;
  @ApiPropertyOptional({ description: 'Absent: CONFIRMATION_SILENCE_DAYS of the deployment' }) confirmationSilenceDays?: number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'Requested type → routing target' })
  routingOverrides?: Record<string, string>;
}

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

const levelView = (l: EscalationLevelContacts): EscalationLevelView => ({
  level: l.level,
  role: l.role,
  people: l.people.map((p) => ({ id: p.id, name: p.name, phone: p.phone ?? null, email: p.email ?? null, preferredChannel: p.preferredChannel ?? null })),
});

export const toEscalationContactsView = (settings: TenantSettings): EscalationContactsView => ({
  revision: settings.revision,
  levels: settings.data.escalationContacts.map(levelView),
});

const rowView = (row: Partial<Record<'high' | 'normal' | 'low', string>> | undefined): PriorityRowView | undefined =>
  row === undefined ? undefined : { ...optional('high', row.high), ...optional('normal', row.normal), ...optional('low', row.low) };

export function toCaseHandlingView(settings: TenantSettings): CaseHandlingView {
  const c: CaseHandlingSettings = settings.data.caseHandling;
  const matrix = c.priorityMatrix;
  return {
    revision: settings.revision,
    ...optional(
      'priorityMatrix',
      matrix && { ...optional('critical', rowView(matrix.critical)), ...optional('major', rowView(matrix.major)), ...optional('minor', rowView(matrix.minor)) },
    ),
    ...optional('duplicateWindowHours', c.duplicateWindowHours),
    ...optional('confirmationSilenceDays', c.confirmationSilenceDays),
    ...optional('routingOverrides', c.routingOverrides ? { ...c.routingOverrides } : undefined),
  };
}
