import { ApiProperty } from '@nestjs/swagger';

export class TechnicianComplaintsView {
  @ApiProperty() technicianId!: string;
  @ApiProperty({ type: 'integer' }) complaints!: number;
}

export class MonthComplaintsView {
  @ApiProperty({ type: 'integer', description: 'Service complaints received in the month' }) received!: number;
  @ApiProperty({ type: 'integer' }) serious!: number;
  @ApiProperty({ type: 'integer', description: 'Found justified at the preliminary check (so far)' }) confirmed!: number;
  @ApiProperty({ type: [TechnicianComplaintsView] }) byTechnician!: TechnicianComplaintsView[];
}

export class MonthReturnsView {
  @ApiProperty({ type: 'integer', description: 'Returns (RMA) requested in the month' }) requested!: number;
  @ApiProperty({ type: 'integer', description: 'Units returned with a confirmed defect, of those returns' }) unitsReturned!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: "Units the ERP reported delivered in the month; null: no report yet" }) unitsDelivered!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'unitsReturned ÷ unitsDelivered; null when nothing (or nothing known) was delivered' }) returnRate!: number | null;
}

export class MonthDeliveryView {
  @ApiProperty({ type: 'string', nullable: true, description: 'null: every product together' }) productModel!: string | null;
  @ApiProperty({ type: 'integer' }) unitsDelivered!: number;
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
}

export class ClaimsMonthFiguresView {
  @ApiProperty({ example: '2025-03' }) month!: string;
  @ApiProperty({ example: 'Asia/Shanghai', description: 'The month runs from its first instant to the next month’s in this time zone' }) timeZone!: string;
  @ApiProperty({ type: MonthComplaintsView }) complaints!: MonthComplaintsView;
  @ApiProperty({ type: MonthReturnsView }) returns!: MonthReturnsView;
  @ApiProperty({ type: [MonthDeliveryView], description: "The ERP's reports of the month, as received" }) deliveries!: MonthDeliveryView[];
}
