/**
 * Released contracts: each release of the contracts is a folder `released/<semver>/` holding the
 * schema of every message version it contained, frozen. A later schema must stay compatible with
 * every release that contained its type, not only the first: a field added in 1.1.0 is relied on
 * by consumers built against 1.1.0 even though 1.0.0 never had it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { breakingChanges } from './compatibility';
import { SCHEMAS_DIR } from './schema-registry';

export const RELEASED_DIR = path.resolve(__dirname, '../released');

export interface ContractsRelease {
  version: string;
  dir: string;
  /** The message types (CloudEvents types) the release contained. */
  types: string[];
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) => {
    const match = SEMVER.exec(v);
    if (!match) throw new Error(`${v} is not a release version (major.minor.patch)`);
    return match.slice(1).map(Number);
  });
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

const jsonFiles = (dir: string): string[] => fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Every release, oldest first. Anything in `released/` that is not a version folder is an error. */
export function listReleases(releasedDir = RELEASED_DIR): ContractsRelease[] {
  if (!fs.existsSync(releasedDir)) return [];
  const entries = fs.readdirSync(releasedDir, { withFileTypes: true });
  const strays = entries.filter((entry) => !entry.isDirectory() || !SEMVER.test(entry.name)).map((entry) => entry.name);
  if (strays.length > 0) throw new Error(`${releasedDir} holds only release folders (major.minor.patch); found ${strays.join(', ')}`);
  return entries
    .map((entry) => entry.name)
    .sort(compareVersions)
    .map((version) => {
      const dir = path.join(releasedDir, version);
      return { version, dir, types: jsonFiles(dir).map((file) => file.replace(/\.json$/, '')) };
    });
}

/**
 * What the current schemas break, release by release: a type of any release that is gone, or a
 * change a consumer built against that release would refuse. Empty when the gate passes.
 */
export function incompatibilitiesWithReleases(releases: ContractsRelease[], schemasDir = SCHEMAS_DIR): string[] {
  const problems: string[] = [];
  for (const release of releases) {
    for (const type of release.types) {
      const current = path.join(schemasDir, `${type}.json`);
      if (!fs.existsSync(current)) {
        problems.push(`${type}: released in ${release.version}, its schema is gone (a released version is never removed)`);
        continue;
      }
      for (const problem of breakingChanges(readJson(path.join(release.dir, `${type}.json`)), readJson(current))) {
        problems.push(`${type} (released in ${release.version}) ${problem}`);
      }
    }
  }
  return problems;
}

/**
 * Freezes every current schema as release `version`, which must be newer than the latest release.
 * Returns the number of schemas released.
 */
export function releaseCurrentSchemas(version: string, releasedDir = RELEASED_DIR, schemasDir = SCHEMAS_DIR): number {
  const latest = listReleases(releasedDir).at(-1);
  if (latest && compareVersions(version, latest.version) <= 0) {
    throw new Error(`release ${version} must be newer than the latest release ${latest.version}`);
  }
  const problems = incompatibilitiesWithReleases(listReleases(releasedDir), schemasDir);
  if (problems.length > 0) throw new Error(`the current schemas break earlier releases:\n${problems.join('\n')}`);
  const dir = path.join(releasedDir, version);
  fs.mkdirSync(dir, { recursive: true });
  const files = jsonFiles(schemasDir);
  for (const file of files) fs.copyFileSync(path.join(schemasDir, file), path.join(dir, file));
  return files.length;
}
