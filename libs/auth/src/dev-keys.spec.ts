import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { defaultDevKeysDir, ensureDevKeys, mintDevToken, repoRoot } from './dev-keys';

const run = promisify(execFile);
const REPO = resolve(__dirname, '../../..');
const TOKEN_CLI = join(REPO, 'tools/token/token.ts');

let workDir: string;
beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'aftercare-devkeys-'));
});
afterEach(() => {
  rmSync(workDir, { recursive: true, force: true });
});

async function verifyWith(jwksPath: string, token: string) {
  const jwks = createLocalJWKSet(JSON.parse(readFileSync(jwksPath, 'utf8')));
  return jwtVerify(token, jwks, { algorithms: ['RS256'] });
}

describe('ensureDevKeys', () => {
  it('defaults to <repo>/.stack/auth', () => {
    expect(repoRoot()).toBe(REPO);
    expect(defaultDevKeysDir()).toBe(join(REPO, '.stack', 'auth'));
  });

  it('creates a private JWK (0600) and a public JWKS with a kid, and a file:// URI', async () => {
    const dir = join(workDir, 'keys');
    const keys = await ensureDevKeys(dir);
    expect(keys.jwksUri).toBe(`file://${join(dir, 'jwks.json')}`);
    expect(statSync(join(dir, 'private.jwk.json')).mode & 0o777).toBe(0o600);
    const jwks = JSON.parse(readFileSync(keys.jwksPath, 'utf8'));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: keys.kid, alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
    expect(keys.privateJwk.d).toEqual(expect.any(String));
    expect(keys.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is idempotent: a second call returns the same key', async () => {
    const first = await ensureDevKeys(workDir);
    const jwksBefore = readFileSync(first.jwksPath, 'utf8');
    const second = await ensureDevKeys(workDir);
    expect(second.kid).toBe(first.kid);
    expect(second.privateJwk).toEqual(first.privateJwk);
    expect(readFileSync(second.jwksPath, 'utf8')).toBe(jwksBefore);
  });

  it('converges on one key pair when called concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => ensureDevKeys(workDir)));
    expect(new Set(results.map((r) => r.kid)).size).toBe(1);
    const onDisk = JSON.parse(readFileSync(join(workDir, 'jwks.json'), 'utf8'));
    expect(onDisk.keys[0].kid).toBe(results[0]!.kid);
    expect(JSON.parse(readFileSync(join(workDir, 'private.jwk.json'), 'utf8')).kid).toBe(results[0]!.kid);
  });

  it('rewrites a jwks.json that does not match the private key', async () => {
    const keys = await ensureDevKeys(workDir);
    const other = await ensureDevKeys(join(workDir, 'other'));
    require('node:fs').copyFileSync(other.jwksPath, keys.jwksPath);
    await ensureDevKeys(workDir);
    expect(JSON.parse(readFileSync(keys.jwksPath, 'utf8')).keys[0].kid).toBe(keys.kid);
  });

  it('refuses a corrupt private key file with a clear message', async () => {
    require('node:fs').writeFileSync(join(workDir, 'private.jwk.json'), '{"kty":"oct"}');
    await expect(ensureDevKeys(workDir)).rejects.toThrow(/not a private RSA JWK.*delete it/);
  });
});

describe('mintDevToken', () => {
  it('mints an RS256 token with sub, tenant, roles, iat, exp that verifies against the JWKS', async () => {
    const token = await mintDevToken({ subject: 'alice', tenantId: 'acme', roles: ['agent', 'dispatcher'], dir: workDir });
    const { payload, protectedHeader } = await verifyWith(join(workDir, 'jwks.json'), token);
    expect(protectedHeader.alg).toBe('RS256');
    expect(protectedHeader.kid).toBe((await ensureDevKeys(workDir)).kid);
    expect(payload).toMatchObject({ sub: 'alice', tenant: 'acme', roles: ['agent', 'dispatcher'] });
    expect(payload.exp! - payload.iat!).toBe(8 * 3600);
  });

  it('honours ttl, issuer and audience', async () => {
    const token = await mintDevToken({ subject: 'a', tenantId: 't', roles: ['manager'], dir: workDir, ttl: '15m', issuer: 'dev', audience: 'aftercare' });
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(claims).toMatchObject({ iss: 'dev', aud: 'aftercare' });
  });

  it('refuses unknown roles, no roles, and a missing tenant', async () => {
    await expect(mintDevToken({ subject: 'a', tenantId: 't', roles: ['root' as never], dir: workDir })).rejects.toThrow(/unknown role/);
    await expect(mintDevToken({ subject: 'a', tenantId: 't', roles: [], dir: workDir })).rejects.toThrow(/at least one role/);
    await expect(mintDevToken({ subject: 'a', tenantId: ' ', roles: ['agent'], dir: workDir })).rejects.toThrow(/tenantId/);
  });
});

describe('token CLI (tools/token/token.ts)', () => {
  jest.setTimeout(60_000);
  const cli = (args: string[]) =>
    run(process.execPath, ['-r', '@swc-node/register', TOKEN_CLI, ...args], { cwd: REPO, env: { ...process.env, AUTH_ISSUER: '', AUTH_AUDIENCE: '' } });

  it('prints only a token; concurrent first runs share one key pair', async () => {
    const outputs = await Promise.all([
      cli(['--role', 'agent', '--tenant', 'acme', '--keys-dir', workDir]),
      cli(['--role', 'dispatcher', '--role', 'manager', '--tenant', 'globex', '--sub', 'bob', '--ttl', '1h', '--keys-dir', workDir]),
      cli(['--role', 'technician', '--tenant', 'acme', '--keys-dir', workDir]),
    ]);
    for (const { stdout, stderr } of outputs) {
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      await verifyWith(join(workDir, 'jwks.json'), stdout.trim()); // throws if any used a losing key
    }
    const second = decodeJwt(outputs[1]!.stdout.trim());
    expect(second).toMatchObject({ sub: 'bob', tenant: 'globex', roles: ['dispatcher', 'manager'] });
    expect(second.exp! - second.iat!).toBe(3600);
    expect(decodeJwt(outputs[0]!.stdout.trim()).sub).toBe('dev-agent');
    expect(new Set(outputs.map((o) => decodeProtectedHeader(o.stdout.trim()).kid)).size).toBe(1);
  });

  let failDir: string;
  beforeAll(() => {
    failDir = mkdtempSync(join(tmpdir(), 'aftercare-devkeys-cli-'));
  });
  afterAll(() => {
    rmSync(failDir, { recursive: true, force: true });
  });

  it.concurrent.each([
    ['an unknown role', ['--role', 'root', '--tenant', 'acme'], /unknown role "root"/],
    ['a missing --tenant', ['--role', 'agent'], /--tenant/],
    ['a missing --role', ['--tenant', 'acme'], /--role is required/],
    ['a bad --ttl', ['--role', 'agent', '--tenant', 'acme', '--ttl', 'soon'], /--ttl/],
    ['an unknown option', ['--role', 'agent', '--tenant', 'acme', '--admin'], /--admin/],
  ])('exits 2 with one line on stderr for %s', async (_label, args, message) => {
    const failure = await cli([...args, '--keys-dir', failDir]).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure).toBeDefined();
    expect(failure!.code).toBe(2);
    expect(failure!.stdout).toBe('');
    expect(failure!.stderr).toMatch(message);
    expect(failure!.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
