#!/usr/bin/env node
/**
 * `nx run <service>:build`: a bundle that runs with plain `node`, and the exact packages it needs.
 *
 *   dist/services/<service>/main.js (+ .map)   the service and the workspace libraries it uses,
 *                                               bundled by esbuild; npm packages stay external
 *   dist/services/<service>/schemas/            the message schemas libs/contracts reads at run time
 *   dist/services/<service>/package.json        its npm dependencies, from Nx's project graph
 *   dist/services/<service>/package-lock.json   the workspace lockfile pruned to them (Nx): exactly
 *                                               the versions CI tested
 *
 * Nest's dependency injection reads TypeScript's decorator metadata, which esbuild does not emit:
 * each .ts file is compiled by swc (as the tests are) and esbuild only bundles.
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '../..');
const SERVICES = ['intake', 'dispatch', 'parts', 'claims', 'survey'];

const swcDecorators = {
  name: 'swc-decorator-metadata',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const output = await swc.transformFile(args.path, {
        swcrc: false,
        configFile: false,
        sourceMaps: 'inline',
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      });
      return { contents: output.code, loader: 'js' };
    });
  },
};

const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

async function buildService(service) {
  if (!SERVICES.includes(service)) throw new Error(`unknown service "${service}" (one of ${SERVICES.join(', ')})`);
  const out = path.join(ROOT, 'dist', 'services', service);
  fs.rmSync(out, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [path.join('services', service, 'src', 'main.ts')],
    outfile: path.join(out, 'main.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    // Workspace libraries (tsconfig paths) are bundled; npm packages are installed beside the bundle.
    packages: 'external',
    tsconfig: path.join(ROOT, 'tsconfig.base.json'),
    plugins: [swcDecorators],
    metafile: true,
    logLevel: 'warning',
  });
  fs.cpSync(path.join(ROOT, 'libs', 'contracts', 'schemas'), path.join(out, 'schemas'), { recursive: true });

  const { createProjectGraphAsync } = require('@nx/devkit');
  const { createPackageJson, createLockFile } = require('@nx/js');
  const graph = await createProjectGraphAsync({ exitOnError: true });
  const manifest = createPackageJson(service, graph, { isProduction: true, root: ROOT });
  manifest.main = 'main.js';
  manifest.scripts = { start: 'node --enable-source-maps main.js' };
  delete manifest.devDependencies;

  // The bundle is the truth about what loads at run time: every package it requires must be declared.
  const builtins = new Set(require('node:module').builtinModules);
  const loaded = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external || imported.path.startsWith('node:') || builtins.has(imported.path)) continue;
      loaded.add(packageOf(imported.path));
    }
  }
  const missing = [...loaded].filter((name) => !(manifest.dependencies ?? {})[name]).sort();
  if (missing.length > 0) throw new Error(`${service}: the bundle loads ${missing.join(', ')}, which its package.json would not install`);

  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'package-lock.json'), createLockFile(manifest, graph, 'npm'));
  const size = fs.statSync(path.join(out, 'main.js')).size;
  process.stdout.write(`${service}: dist/services/${service}/main.js (${(size / 1024).toFixed(0)} KiB), ${Object.keys(manifest.dependencies ?? {}).length} npm packages locked\n`);
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
