import { ApiProperty } from '@nestjs/swagger';
import type { Escalation } from './escalation-ladder';

/** A stored instant as the API writes it; null stays null. */
export function iso(d: Date): string;
export function iso(d: Date | null | undefined): string | null;
export function iso(d: Date | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null;
}

/** What every record of claims shows first: which one, whose, and its version (the ETag). */
export abstract class RecordView {
  @ApiProperty() id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ description: 'The version, also the ETag' }) version!: number;
}

/**
 * The view class of one level of the escalation chain reached by one of a record's clocks (step 1
 * is the breach): each record names its own clocks, so each gets a class of its own name.
 */
export function EscalationStepView<C extends string>(clocks: readonly C[]) {
  class EscalationStep {
    @ApiProperty({ enum: clocks }) clock!: C;
    @ApiProperty({ type: 'integer', description: '1 = the breach; then one per level of the chain' }) step!: number;
    @ApiProperty({ description: 'quality_engineer, service_manager, deputy_gm by default' }) level!: string;
    @ApiProperty({ format: 'date-time', description: 'The deadline the clock passed' }) deadline!: string;
    @ApiProperty({ format: 'date-time' }) at!: string;
  }
  return EscalationStep;
}

/** A record's escalations as the API shows them, oldest first. */
export function escalationViews<C extends string>(escalations: readonly Escalation<C>[]): Array<{ clock: C; step: number; level: string; deadline: string; at: string }> {
  return escalations.map((e) => ({ clock: e.clock, step: e.step, level: e.level, deadline: iso(e.deadline), at: iso(e.at) }));
}
