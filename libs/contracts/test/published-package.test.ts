import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@aftercare/testing/ports';

/**
 * The contracts reach integrators as a versioned npm package. This publishes `@aftercare/contracts`
 * with the documented command (`npm run contracts:publish -- --registry=<url>`, which is
 * `nx release publish`) to a throw-away registry (verdaccio, no uplinks: nothing leaves the
 * machine), then installs it into an empty project the way an integrator would and reads a schema
 * and the AsyncAPI document through the package's exports.
 */
const REPO = path.resolve(__dirname, '../../..');
const CONTRACTS = path.join(REPO, 'libs/contracts');
const run = promisify(execFile);
const version: string = JSON.parse(fs.readFileSync(path.join(CONTRACTS, 'package.json'), 'utf8')).version;
const SCHEMA = 'aftercare.intake.service-request.acknowledged.v1.json';

async function untilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url).then((response) => response.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the published contracts package', () => {
  let dir: string;
  let registry: ChildProcess | undefined;
  let url: string;
  let npmEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contracts-registry-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    fs.writeFileSync(
      path.join(dir, 'config.yaml'),
      [
        `storage: ${path.join(dir, 'storage')}`,
        'auth:',
        '  htpasswd:',
        `    file: ${path.join(dir, 'htpasswd')}`,
        'uplinks: {}',
        'packages:',
        "  '**':",
        '    access: $all',
        '    publish: $authenticated',
        'web:',
        '  enable: false',
        'middlewares:',
        '  audit:',
        '    enabled: false',
        'log: { type: stdout, format: json, level: warn }',
        '',
      ].join('\n'),
    );
    const verdaccio = path.join(path.dirname(require.resolve('verdaccio/package.json')), 'bin/verdaccio');
    registry = spawn(process.execPath, [verdaccio, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
    await untilAnswering(`${url}-/ping`, 60_000);

    // A publisher account, as a CI job would hold a token for the real registry.
    const created = await fetch(`${url}-/user/org.couchdb.user:ci`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci', password: 'throw-away-password' }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    fs.writeFileSync(path.join(dir, '.npmrc'), `//127.0.0.1:${port}/:_authToken=${token}\n`);
    npmEnv = { ...process.env, npm_config_userconfig: path.join(dir, '.npmrc'), npm_config_registry: url, NX_DAEMON: 'false' };
  }, 120_000);

  afterAll(() => {
    registry?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is published with the documented command and installs from the registry into an empty project', async () => {
    await run('npm', ['run', 'contracts:publish', '--', `--registry=${url}`], { cwd: REPO, env: npmEnv, maxBuffer: 16 * 1024 * 1024 });
    const published = (await (await fetch(`${url}@aftercare%2fcontracts`)).json()) as { 'dist-tags': Record<string, string> };
    expect(published['dist-tags'].latest).toBe(version);

    const integrator = path.join(dir, 'integrator');
    fs.mkdirSync(integrator);
    fs.writeFileSync(path.join(integrator, 'package.json'), JSON.stringify({ name: 'integrator', private: true }));
    await run('npm', ['install', `@aftercare/contracts@${version}`, '--no-audit', '--no-fund'], { cwd: integrator, env: npmEnv });

    // Read through the package's exports, as an integrator's code would.
    const read = async (specifier: string): Promise<unknown> => {
      const { stdout } = await run(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require(${JSON.stringify(specifier)})))`], { cwd: integrator });
      return JSON.parse(stdout);
    };
    const installed = JSON.parse(fs.readFileSync(path.join(integrator, 'package.json'), 'utf8'));
    expect(installed.dependencies).toEqual({ '@aftercare/contracts': `^${version}` });
    expect(await read(`@aftercare/contracts/schemas/${SCHEMA}`)).toEqual(JSON.parse(fs.readFileSync(path.join(CONTRACTS, 'schemas', SCHEMA), 'utf8')));
    const asyncapi = (await read('@aftercare/contracts/asyncapi.json')) as { asyncapi: string; channels: Record<string, unknown> };
    expect(asyncapi).toEqual(JSON.parse(fs.readFileSync(path.join(CONTRACTS, 'asyncapi.json'), 'utf8')));
    expect(asyncapi.asyncapi).toMatch(/^3\./);
  }, 300_000);
});
