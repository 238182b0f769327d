import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, SERVICES, runtimeDependencies, type ServiceDependencies } from './runtime-packages';

/**
 * Each service deploys alone: its package.json lists exactly the npm packages its bundle loads at
 * run time (esbuild's metafile of the build), at the versions the workspace declares; the build
 * writes the same list into the bundle's package.json. `npm run deps:services` rewrites the
 * manifests after a change.
 */
const rootPackage = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
let loaded: ServiceDependencies;

beforeAll(async () => {
  loaded = await runtimeDependencies();
}, 120_000);

describe.each(SERVICES)('%s deploys alone', (service) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'services', service, 'package.json'), 'utf8'));
  const declared = manifest.dependencies as Record<string, string>;

  it('declares exactly the packages its bundle loads, in the order the writer keeps', () => {
    expect(Object.keys(declared)).toEqual(Object.keys(loaded[service]));
    expect(Object.keys(loaded[service])).toEqual(expect.arrayContaining(['@nestjs/core', '@nestjs/platform-express', 'kafkajs', 'mongoose']));
  });

  it('uses the versions the workspace declares', () => {
    for (const [name, version] of Object.entries(declared)) {
      expect([name, version]).toEqual([name, rootPackage.dependencies[name]]);
    }
  });
});
