import './instrumentation';
import 'reflect-metadata';
import { runService } from '@aftercare/http';
import { AppModule } from './app.module';
import { configShape } from './config/config';

export const DESCRIPTION =
  'Dispatch owns work orders and the technician roster: automatic assignment, the field workflow, the service report and its deadlines.';

void runService({ name: 'dispatch', description: DESCRIPTION, configShape, module: (config) => AppModule.register(config) });
