import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CLAIM_URGENCIES, CLOCK_NAMES, PRIORITIES, WEEKDAYS, ZONES, type BusinessCalendar, type ClockDefinition, type SlaPolicy } from '@aftercare/sla';
import type { ConfigEntry } from '../infrastructure/sla-config.store';

/*
 * SLA policies and business calendars as the admin API shows them: named fields only, plus the
 * owner (the tenant or '*' for a default) and the version (the ETag; 0 for a default the tenant
 * has not replaced).
 */

const DATE_TIME_OR_NULL = { type: String, format: 'date-time', nullable: true } as const;

export class EscalationStepView {
  @ApiProperty() afterMinutesOverdue!: number;
  @ApiProperty({ example: 'dispatcher' }) level!: string;
}

export class ClockDefinitionView {
  @ApiProperty() targetMinutes!: number;
  @ApiProperty() calendarId!: string;
  @ApiProperty({ type: [String] }) pauseInStates!: string[];
  @ApiProperty({ type: [EscalationStepView] }) escalationChain!: EscalationStepView[];
}

@ApiExtraModels(ClockDefinitionView)
export class SlaPolicyView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: "The owner: the tenant, or '*' for a default" }) tenantId!: string;
  @ApiProperty({ description: 'The ETag; 0 for a default the tenant has not replaced' }) version!: number;
  @ApiPropertyOptional() caseType?: string;
  @ApiPropertyOptional({ enum: PRIORITIES }) priority?: string;
  @ApiPropertyOptional() agreement?: string;
  @ApiPropertyOptional({ enum: ZONES }) zone?: string;
  @ApiPropertyOptional({ enum: CLAIM_URGENCIES }) urgency?: string;
  @ApiProperty({
    type: 'object',
    description: `Per clock name (${CLOCK_NAMES.join(', ')}) its definition`,
    additionalProperties: { $ref: getSchemaPath(ClockDefinitionView) },
  })
  clocks!: Record<string, ClockDefinitionView>;
  @ApiProperty(DATE_TIME_OR_NULL) updatedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
}

export class SlaPolicyList {
  @ApiProperty({ type: [SlaPolicyView], description: "The tenant's policies, then the defaults, in resolution order" })
  items!: SlaPolicyView[];
}

export class WorkingPeriodView {
  @ApiProperty({ example: '08:30' }) start!: string;
  @ApiProperty({ example: '17:30' }) end!: string;
}

export class WeekScheduleView {
  @ApiProperty({ type: [WorkingPeriodView] }) mon!: WorkingPeriodView[];
  @ApiProperty({ type: [WorkingPeriodView] }) tue!: WorkingPeriodView[];
  @ApiProperty({ type: [WorkingPeriodView] }) wed!: WorkingPeriodView[];
  @ApiProperty({ type: [WorkingPeriodView] }) thu!: WorkingPeriodView[];
  @ApiProperty({ type: [WorkingPeriodView] }) fri!: WorkingPeriodView[];
  @ApiProperty({ type: [WorkingPeriodView] }) sat!: WorkingPeriodView[];
  @ApiProperty({ type: [WorkingPeriodView] }) sun!: WorkingPeriodView[];
}

export class BusinessCalendarView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: "The owner: the tenant, or '*' for a default" }) tenantId!: string;
  @ApiProperty({ description: 'The ETag; 0 for a default the tenant has not replaced' }) version!: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ enum: ['business_hours', '24x7'] }) mode!: string;
  @ApiProperty({ type: WeekScheduleView }) week!: WeekScheduleView;
  @ApiProperty({ type: [String], description: 'YYYY-MM-DD' }) holidays!: string[];
  @ApiPropertyOptional({ type: [String], description: 'YYYY-MM-DD' }) extraWorkingDays?: string[];
  @ApiPropertyOptional({ type: [WorkingPeriodView] }) extraWorkingDayHours?: WorkingPeriodView[];
  @ApiProperty(DATE_TIME_OR_NULL) updatedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
}

export class BusinessCalendarList {
  @ApiProperty({ type: [BusinessCalendarView], description: "The tenant's calendars, then the defaults it has not replaced" })
  items!: BusinessCalendarView[];
}

const periods = (list: readonly { start: string; end: string }[] | undefined) => (list ?? []).map((p) => ({ start: p.start, end: p.end }));

const clockDefinitionView = (d: ClockDefinition): ClockDefinitionView => ({
  targetMinutes: d.targetMinutes,
  calendarId: d.calendarId,
  pauseInStates: [...(d.pauseInStates ?? [])],
  escalationChain: (d.escalationChain ?? []).map((s) => ({ afterMinutesOverdue: s.afterMinutesOverdue, level: s.level })),
});

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

export function toSlaPolicyView(entry: ConfigEntry<SlaPolicy>): SlaPolicyView {
  const p = entry.item;
  const clocks: Record<string, ClockDefinitionView> = {};
  for (const name of CLOCK_NAMES) {
    const definition = p.clocks?.[name];
    if (definition) clocks[name] = clockDefinitionView(definition);
  }
  return {
    id: p.id,
    tenantId: entry.tenantId,
    version: entry.version,
    ...optional('caseType', p.caseType),
    ...optional('priority', p.priority),
    ...optional('agreement', p.agreement),
    ...optional('zone', p.zone),
    ...optional('urgency', p.urgency),
    clocks,
    updatedAt: entry.updatedAt,
    updatedBy: entry.updatedBy,
  };
}

export function toBusinessCalendarView(entry: ConfigEntry<BusinessCalendar>): BusinessCalendarView {
  const c = entry.item;
  const week = Object.fromEntries(WEEKDAYS.map((day) => [day, periods(c.week?.[day])])) as unknown as WeekScheduleView;
  return {
    id: c.id,
    tenantId: entry.tenantId,
    version: entry.version,
    timeZone: c.timeZone,
    mode: c.mode,
    week,
    holidays: [...(c.holidays ?? [])],
    ...optional('extraWorkingDays', c.extraWorkingDays ? [...c.extraWorkingDays] : undefined),
    ...optional('extraWorkingDayHours', c.extraWorkingDayHours ? periods(c.extraWorkingDayHours) : undefined),
    updatedAt: entry.updatedAt,
    updatedBy: entry.updatedBy,
  };
}
