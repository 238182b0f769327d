import { Module } from '@nestjs/common';
import { TechnicianRoster } from './application/technician-roster';
import { TechniciansController } from './inbound/technicians.controller';
import { TechnicianRepository } from './infrastructure/technician.repository';

/** The technician roster: its store, its use cases and its HTTP API. */
@Module({
  controllers: [TechniciansController],
  providers: [TechnicianRepository, TechnicianRoster],
  exports: [TechnicianRepository, TechnicianRoster],
})
export class TechnicianModule {}
