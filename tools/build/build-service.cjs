#!/usr/bin/env node
/**
 * `nx run <service>:build`: a bundle that runs with plain `node`, and the exact packages it needs.
 *
 *   dist/services/<service>/main.js (+ .map)   the service and the workspace libraries it uses,
 *                                               bundled by esbuild (`bundle.cjs`); npm packages stay external
 *   dist/services/<service>/schemas/            the message schemas libs/contracts reads at run time
 *   dist/services/<service>/package.json        the service's manifest: the packages the bundle loads
 *                                               (esbuild's metafile), as `services/<service>/package.json`
 *   dist/services/<service>/package-lock.json   the workspace lockfile pruned to them (Nx's
 *                                               createLockFile): exactly the versions CI tested
 */
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, SERVICES, bundleService, packagesLoadedBy, dependenciesAtWorkspaceVersions } = require('./bundle.cjs');

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

async function buildService(service) {
  const out = path.join(ROOT, 'dist', 'services', service);
  fs.rmSync(out, { recursive: true, force: true });
  const { metafile } = await bundleService(service, path.join(out, 'main.js'));
  fs.cpSync(path.join(ROOT, 'libs', 'contracts', 'schemas'), path.join(out, 'schemas'), { recursive: true });

  const dependencies = dependenciesAtWorkspaceVersions(packagesLoadedBy(metafile), readJson(path.join(ROOT, 'package.json')));
  const serviceManifest = readJson(path.join(ROOT, 'services', service, 'package.json'));
  // One list, two files: a stale services/<service>/package.json would ship something else than what was reviewed.
  if (JSON.stringify(serviceManifest.dependencies) !== JSON.stringify(dependencies)) {
    throw new Error(`services/${service}/package.json does not list what the bundle loads; run npm run deps:services`);
  }
  const { description: _description, ...identity } = serviceManifest;
  const manifest = { ...identity, main: 'main.js', scripts: { start: 'node --enable-source-maps main.js' }, dependencies };

  const { createProjectGraphAsync } = require('@nx/devkit');
  const { createLockFile } = require('@nx/js');
  const graph = await createProjectGraphAsync({ exitOnError: true });
  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'package-lock.json'), createLockFile(manifest, graph, 'npm'));
  const size = fs.statSync(path.join(out, 'main.js')).size;
  process.stdout.write(`${service}: dist/services/${service}/main.js (${(size / 1024).toFixed(0)} KiB), ${Object.keys(dependencies).length} npm packages locked\n`);
  return out;
}

module.exports = { buildService, SERVICES };

if (require.main === module) {
  const [service] = process.argv.slice(2);
  buildService(service).catch((error) => {
    process.stderr.write(`build failed: ${error.message}\n`);
    process.exit(1);
  });
}
