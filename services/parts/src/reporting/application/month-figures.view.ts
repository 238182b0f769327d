import { ApiProperty } from '@nestjs/swagger';

export class MonthFiguresView {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ type: 'integer' }) requests!: number;
  @ApiProperty({ type: 'integer' }) cancelled!: number;
  @ApiProperty({ example: 12840.5 }) materialCost!: number;
  @ApiProperty({ example: 910 }) transportCost!: number;
  @ApiProperty({ type: 'number', nullable: true, example: 0.82, description: 'Share served in full from stock when requested (0–1)' }) fillRate!: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 0.12, description: 'Share that needed an ERP purchase request (0–1)' }) backorderRate!: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 31.5, description: 'Mean hours from request to delivery' }) averageLeadTimeHours!: number | null;
}
