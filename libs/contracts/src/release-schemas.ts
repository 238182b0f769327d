/**
 * Freezes the schemas of message versions that are now released: copies every schema not yet in
 * libs/contracts/released/. Released files are never overwritten; the compatibility spec then
 * holds every later edit of that version to additive changes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCHEMAS_DIR } from './schema-registry';

export const RELEASED_DIR = path.resolve(__dirname, '../released');

fs.mkdirSync(RELEASED_DIR, { recursive: true });
const added = fs
  .readdirSync(SCHEMAS_DIR)
  .filter((file) => file.endsWith('.json') && !fs.existsSync(path.join(RELEASED_DIR, file)));
for (const file of added) fs.copyFileSync(path.join(SCHEMAS_DIR, file), path.join(RELEASED_DIR, file));
process.stdout.write(`released ${added.length} new schema version(s) into ${RELEASED_DIR}\n`);
