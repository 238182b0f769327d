import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, freePort, serviceEnvironment, startBundleProcess, waitUntilReady, type ServiceProcess } from '@aftercare/testing';

/**
 * Intake ships alone: `nx run intake:build` gives a bundle whose own package.json and lockfile are
 * all it needs. Installed into an empty folder outside the workspace (nothing resolves from the
 * repository's node_modules), it starts with plain node and serves.
 */
describe('intake from its build bundle', () => {
  let dir: string;
  let service: ServiceProcess | undefined;

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'tools/build/build-service.cjs'), 'intake'], { cwd: REPO_ROOT, stdio: 'pipe', env: { ...process.env, NX_DAEMON: 'false' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-bundle-'));
    fs.cpSync(path.join(REPO_ROOT, 'dist/services/intake'), dir, { recursive: true });
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'pipe' });
  }, 600_000);

  afterAll(async () => {
    await service?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('declares its packages at the locked versions, production only', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
    const workspaceLock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'));
    expect(manifest.devDependencies).toBeUndefined();
    expect(Object.keys(manifest.dependencies)).toEqual(expect.arrayContaining(['@nestjs/core', 'kafkajs', 'mongoose']));
    for (const name of Object.keys(manifest.dependencies)) {
      expect([name, lock.packages[`node_modules/${name}`]?.version]).toEqual([name, workspaceLock.packages[`node_modules/${name}`]?.version]);
    }
    expect(fs.existsSync(path.join(dir, 'node_modules/jest'))).toBe(false);
  });

  it('starts with plain node and answers ready, its OpenAPI document and problem details', async () => {
    service = startBundleProcess(dir, await serviceEnvironment('intake-bundle'), await freePort());
    await waitUntilReady(service, 180_000);
    expect((await fetch(`${service.baseUrl}/api/docs/openapi.json`)).status).toBe(200);
    const refused = await fetch(`${service.baseUrl}/api/v1/service-requests`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
  }, 240_000);
});
