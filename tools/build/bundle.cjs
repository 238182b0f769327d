/**
 * The one place that knows how a service is bundled, and so which npm packages it loads at run
 * time. The build (`build-service.cjs`) writes the bundle; the service manifest writer
 * (`npm run deps:services`) and its spec bundle in memory and read esbuild's metafile. Both lists
 * of dependencies — `services/<service>/package.json` and the bundle's own `package.json` — come
 * from here, so they cannot disagree.
 *
 * Nest's dependency injection reads TypeScript's decorator metadata, which esbuild does not emit:
 * each .ts file is compiled by swc (as the tests are) and esbuild only bundles.
 */
const path = require('node:path');
const { builtinModules } = require('node:module');
const esbuild = require('esbuild');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '../..');
const SERVICES = ['intake', 'dispatch', 'parts', 'claims', 'survey'];
/** Required by @nestjs/core itself (by name, at start), so no import of ours shows it. */
const LOADED_BY_NEST = ['@nestjs/platform-express'];

/** The five services share most of their files (the libraries): one process compiles each file once. */
const compiled = new Map();

const swcDecorators = {
  name: 'swc-decorator-metadata',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!compiled.has(args.path)) compiled.set(args.path, compile(args.path));
      return { contents: await compiled.get(args.path), loader: 'js' };
    });
  },
};

async function compile(file) {
  const output = await swc.transformFile(file, {
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
  return output.code;
}

function assertService(service) {
  if (!SERVICES.includes(service)) throw new Error(`unknown service "${service}" (one of ${SERVICES.join(', ')})`);
}

/** Bundles the service to `outfile`, or only in memory when `outfile` is omitted; the result carries esbuild's metafile. */
function bundleService(service, outfile) {
  assertService(service);
  return esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [path.join('services', service, 'src', 'main.ts')],
    outfile: outfile ?? path.join(ROOT, 'dist', 'services', service, 'main.js'),
    write: outfile !== undefined,
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
}

const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

/** The npm packages a bundle requires (esbuild's externals), plus what Nest requires by name; sorted. */
function packagesLoadedBy(metafile) {
  const builtins = new Set(builtinModules);
  const loaded = new Set(LOADED_BY_NEST);
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external || imported.path.startsWith('node:') || builtins.has(imported.path)) continue;
      loaded.add(packageOf(imported.path));
    }
  }
  return [...loaded].sort();
}

/** `{ name: range }` at the ranges the workspace's package.json declares (the lockfile pins them). */
function dependenciesAtWorkspaceVersions(packages, rootManifest) {
  return Object.fromEntries(
    packages.map((name) => {
      const range = rootManifest.dependencies?.[name];
      if (range === undefined) throw new Error(`${name} is loaded at run time but is not a dependency of the workspace's package.json`);
      return [name, range];
    }),
  );
}

/** What `services/<service>/package.json` must declare: the packages its bundle loads. */
async function serviceDependencies(service, rootManifest) {
  const { metafile } = await bundleService(service);
  return dependenciesAtWorkspaceVersions(packagesLoadedBy(metafile), rootManifest);
}

module.exports = { ROOT, SERVICES, bundleService, packagesLoadedBy, dependenciesAtWorkspaceVersions, serviceDependencies };

// `node tools/build/bundle.cjs dependencies [service…]`: every service's dependencies as JSON, for
// the manifest writer and its spec (run apart: esbuild refuses Jest's sandboxed globals).
if (require.main === module) {
  const [command, ...services] = process.argv.slice(2);
  if (command !== 'dependencies') {
    process.stderr.write('usage: node tools/build/bundle.cjs dependencies [service…]\n');
    process.exit(2);
  }
  const rootManifest = JSON.parse(require('node:fs').readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  (async () => {
    const all = {};
    for (const service of services.length > 0 ? services : SERVICES) all[service] = await serviceDependencies(service, rootManifest);
    process.stdout.write(`${JSON.stringify(all)}\n`);
  })().catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
