/**
 * `npm run contracts:release -- <version>`: freezes every current schema as a new release of the
 * contracts in libs/contracts/released/<version>/, after checking that the current schemas are
 * compatible with every earlier release. Released folders are never edited afterwards.
 */
import { RELEASED_DIR, releaseCurrentSchemas } from './releases';

const version = process.argv[2];
if (!version) {
  process.stderr.write('usage: npm run contracts:release -- <major.minor.patch>\n');
  process.exit(2);
}
try {
  const count = releaseCurrentSchemas(version);
  process.stdout.write(`released ${count} schema(s) as ${version} in ${RELEASED_DIR}/${version}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
