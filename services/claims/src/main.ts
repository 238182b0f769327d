import './instrumentation';
import 'reflect-metadata';
import { runService } from '@aftercare/http';
import { AppModule } from './app.module';
import { configShape } from './config/config';

export const DESCRIPTION =
  'Claims owns quality claims (8D), service complaints, returns (RMA) and corrective actions.';

void runService({ name: 'claims', description: DESCRIPTION, configShape, module: (config) => AppModule.register(config) });
