import './instrumentation';
import 'reflect-metadata';
import { runService } from '@aftercare/http';
import { AppModule } from './app.module';
import { configShape } from './config/config';

export const DESCRIPTION =
  'Survey owns satisfaction survey templates, invitations and responses.';

void runService({ name: 'survey', description: DESCRIPTION, configShape, module: (config) => AppModule.register(config) });
