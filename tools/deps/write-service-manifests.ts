/** Rewrites services/<svc>/package.json with what the service loads at run time. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, SERVICES, runtimePackagesOf } from '../../libs/testing/src/runtime-packages';

const root = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
for (const service of SERVICES) {
  const dependencies = Object.fromEntries(runtimePackagesOf(service).map((name) => [name, root.dependencies[name] ?? 'MISSING FROM ROOT']));
  const file = path.join(REPO, 'services', service, 'package.json');
  // Each service has its own version, set by `nx release` (independent mode).
  const current = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const manifest = {
    name: `@aftercare/${service}-service`,
    version: current.version ?? root.version,
    private: true,
    description: `Aftercare ${service}: the npm packages this service needs to deploy alone (checked by libs/testing/src/deploy-dependencies.spec.ts).`,
    license: root.license,
    engines: root.engines,
    dependencies,
  };
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`${service}: ${Object.keys(dependencies).length} packages\n`);
}
