import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

export const REPO = path.resolve(__dirname, '../../..');
export const SERVICES = ['intake', 'dispatch', 'parts', 'claims', 'survey'];

/** `{ package: range }` per service. */
export type ServiceDependencies = Record<string, Record<string, string>>;

/**
 * The npm packages each service loads at run time, at the workspace's versions: what esbuild's
 * metafile of the service's bundle requires (`tools/build/bundle.cjs`, the build's own bundler
 * configuration), so a service's package.json and its build's package.json come from one source.
 * Type-only imports and test code load nothing and are not listed.
 */
export async function runtimeDependencies(services: string[] = SERVICES): Promise<ServiceDependencies> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO, 'tools/build/bundle.cjs'), 'dependencies', ...services], {
    cwd: REPO,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ServiceDependencies;
}
