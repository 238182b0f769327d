import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The contracts as the artefact integrators depend on (`npm pack` in libs/contracts, versioned by
 * `nx release`): every schema, example and release, and the AsyncAPI document, nothing else.
 */
const ROOT = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface Packed {
  name: string;
  version: string;
  files: Array<{ path: string }>;
}

function packed(): Packed {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as Packed[])[0];
}

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );

const semver = (version: string): number[] => version.split('.').map(Number);
const newer = (a: string, b: string): number => semver(a).reduce((diff, part, i) => diff || part - semver(b)[i], 0);

describe('the contracts package', () => {
  const pack = packed();
  const contents = new Set(pack.files.map((file) => file.path));

  it('is @aftercare/contracts at its package.json version', () => {
    expect(pack).toMatchObject({ name: '@aftercare/contracts', version: manifest.version });
  });

  it('carries the AsyncAPI document, every schema, every example and every release', () => {
    const expected = ['asyncapi.json', ...filesUnder('schemas'), ...filesUnder('examples'), ...filesUnder('released')];
    expect(expected.filter((file) => !contents.has(file))).toEqual([]);
  });

  it('carries no source, test or build configuration', () => {
    expect([...contents].filter((file) => /^(src\/|jest|tsconfig|project\.json)/.test(file))).toEqual([]);
  });

  it('carries an AsyncAPI document that names the package version', () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'asyncapi.json'), 'utf8')).info.version).toBe(manifest.version);
  });

  it('is not older than the newest release it carries', () => {
    const releases = fs.readdirSync(path.join(ROOT, 'released')).sort(newer);
    expect(newer(manifest.version, releases[releases.length - 1])).toBeGreaterThanOrEqual(0);
  });
});
