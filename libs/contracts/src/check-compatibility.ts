/**
 * `npm run contracts:check`: the contract gate on its own, as a team runs it before shipping a
 * service alone — the current schemas against every release (the same check `contracts:release`
 * makes before freezing one, and `contracts-governance.spec.ts` makes in the unit tests). Prints
 * each breaking change with the release it breaks; exit 1 when there is one.
 */
import { incompatibilitiesWithReleases, listReleases } from './releases';

const releases = listReleases();
const problems = incompatibilitiesWithReleases(releases);
for (const problem of problems) process.stderr.write(`${problem}\n`);
const checked = releases.map((release) => `${release.version} (${release.types.length} types)`).join(', ');
process.stdout.write(problems.length === 0 ? `the current schemas keep every release: ${checked}\n` : `${problems.length} breaking change(s) against ${checked}\n`);
process.exit(problems.length === 0 ? 0 : 1);
