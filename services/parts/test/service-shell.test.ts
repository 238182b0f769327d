import * as path from 'node:path';
import { serviceShellSuite } from '@aftercare/testing';

serviceShellSuite({ name: 'parts', main: path.resolve(__dirname, '../src/main.ts') });
