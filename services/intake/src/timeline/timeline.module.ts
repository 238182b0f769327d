import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';

/** The case timeline read model, fed by every public topic whose messages carry ce_caseid. */
@Module({ imports: [ServiceRequestModule] })
export class TimelineModule {}
