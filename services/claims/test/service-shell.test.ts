import * as path from 'node:path';
import { serviceShellSuite } from '@aftercare/testing';

serviceShellSuite({ name: 'claims', main: path.resolve(__dirname, '../src/main.ts') });
