import './instrumentation';
import 'reflect-metadata';
import { runService } from '@aftercare/http';
import { AppModule } from './app.module';
import { configShape } from './config/config';

export const DESCRIPTION =
  'Parts owns the spare-parts catalogue, stock per warehouse, parts requests, shipments and returned parts.';

void runService({ name: 'parts', description: DESCRIPTION, configShape, module: (config) => AppModule.register(config) });
