/** Rewrites services/<svc>/package.json with the packages its bundle loads at run time (esbuild's metafile). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, SERVICES, runtimeDependencies } from '../../libs/testing/src/runtime-packages';

async function main(): Promise<void> {
  const root = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const loaded = await runtimeDependencies();
  for (const service of SERVICES) {
    const file = path.join(REPO, 'services', service, 'package.json');
    // Each service has its own version, set by `nx release` (independent mode).
    const current = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
    const manifest = {
      name: `@aftercare/${service}-service`,
      version: current.version ?? root.version,
      private: true,
      description: `Aftercare ${service}: the npm packages its bundle loads at run time, what it needs to deploy alone (written by npm run deps:services from the build's esbuild metafile; checked by libs/testing/src/deploy-dependencies.spec.ts).`,
      license: root.license,
      engines: root.engines,
      dependencies: loaded[service],
    };
    fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
    process.stdout.write(`${service}: ${Object.keys(loaded[service]).length} packages\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
