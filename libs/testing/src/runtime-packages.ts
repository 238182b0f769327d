import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';

export const REPO = path.resolve(__dirname, '../../..');
export const SERVICES = ['intake', 'dispatch', 'parts', 'claims', 'survey'];
/** Loaded by Nest at run time without an import in our code. */
const IMPLICIT = ['@nestjs/platform-express'];
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const REQUIRE = /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['test', '__fixtures__', 'testing', 'test-support'].includes(entry.name) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The npm packages a service loads at run time: imports of its own code and, transitively, of
 * the workspace libraries it uses. Type-only imports need no package at run time.
 */
export function runtimePackagesOf(service: string): string[] {
  const paths: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(REPO, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
  const packages = new Set<string>(IMPLICIT);
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    for (const file of sourceFiles(dir)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const regex of [IMPORT, REQUIRE]) {
        for (const [, specifier] of text.matchAll(regex)) {
          if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
          const alias = paths[specifier];
          if (alias) visit(path.join(REPO, alias[0].replace(/\/src\/.*$/, '/src')));
          else packages.add(packageName(specifier));
        }
      }
    }
  };
  visit(path.join(REPO, 'services', service, 'src'));
  return [...packages].sort();
}
