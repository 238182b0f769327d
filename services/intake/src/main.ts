import './instrumentation';
import 'reflect-metadata';
import { runService } from '@aftercare/http';
import { AppModule } from './app.module';
import { configShape } from './config/config';

export const DESCRIPTION =
  'Intake owns the service case: registration from every channel, classification, entitlement, routing, SLA reply clock and the case timeline.';

void runService({ name: 'intake', description: DESCRIPTION, configShape, module: (config) => AppModule.register(config) });
