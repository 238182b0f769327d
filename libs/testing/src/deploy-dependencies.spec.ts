import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, SERVICES, runtimePackagesOf } from './runtime-packages';

/**
 * Each service deploys alone: its package.json lists exactly the npm packages its code loads at
 * run time, directly or through the libraries it uses, at the versions the workspace locks.
 * `npm run deps:services` rewrites the manifests after a change.
 */
const rootPackage = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

describe.each(SERVICES)('%s deploys alone', (service) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'services', service, 'package.json'), 'utf8'));
  const declared = manifest.dependencies as Record<string, string>;

  it('declares exactly the packages its code loads at run time', () => {
    const needed = runtimePackagesOf(service);
    expect(Object.keys(declared).sort()).toEqual(needed);
  });

  it('uses the versions the workspace locks', () => {
    for (const [name, version] of Object.entries(declared)) {
      expect([name, version]).toEqual([name, rootPackage.dependencies[name]]);
    }
  });
});
