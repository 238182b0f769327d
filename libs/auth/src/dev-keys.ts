import { generateKeyPair as generateKeyPairCb, randomUUID } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, importJWK, SignJWT, type JWK } from 'jose';
import { isRole, ROLES, type Role } from './roles';

/**
 * Development keys and tokens for local runs: one RS256 key pair under `<repo>/.stack/auth`
 * (git-ignored), its public JWKS for `AUTH_JWKS_URI=file://…/jwks.json`, and a minting helper.
 * Never used in production, where the company's OIDC provider issues the tokens.
 */

const generateKeyPair = promisify(generateKeyPairCb);

export const PRIVATE_JWK_FILE = 'private.jwk.json';
export const JWKS_FILE = 'jwks.json';

export interface DevKeys {
  dir: string;
  kid: string;
  /** The private RSA key as a JWK (with `kid`, `alg: RS256`, `use: sig`). */
  privateJwk: JWK;
  /** The public half, as published in `jwks.json`. */
  publicJwk: JWK;
  /** Absolute path of `jwks.json`. */
  jwksPath: string;
  /** `file://…/jwks.json`, ready for `AUTH_JWKS_URI`. */
  jwksUri: string;
}

/** The repository root: the nearest ancestor of this file holding `nx.json` (else the working directory). */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** `<repo>/.stack/auth` */
export function defaultDevKeysDir(): string {
  return join(repoRoot(), '.stack', 'auth');
}

/**
 * Returns the development key pair in `dir`, generating it the first time. Idempotent and safe
 * when several processes call it at once: the private key is written to a temporary file and
 * hard-linked into place (which fails if another process won), so exactly one key pair wins and
 * everybody uses that one; `jwks.json` is derived from it and replaced atomically (temp + rename).
 */
export async function ensureDevKeys(dir: string = defaultDevKeysDir()): Promise<DevKeys> {
  dir = resolve(dir);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const privatePath = join(dir, PRIVATE_JWK_FILE);

  let privateJwk = await readPrivateJwk(privatePath);
  if (!privateJwk) {
    await publishOnce(privatePath, JSON.stringify(await generatePrivateJwk(), null, 2) + '\n');
    privateJwk = await readPrivateJwk(privatePath);
    if (!privateJwk) throw new Error(`${privatePath} vanished while generating the development key`);
  }

  const publicJwk = publicJwkOf(privateJwk);
  const jwksPath = join(dir, JWKS_FILE);
  const jwksText = JSON.stringify({ keys: [publicJwk] }, null, 2) + '\n';
  const current = await fs.readFile(jwksPath, 'utf8').catch(() => undefined);
  if (current !== jwksText) await replaceAtomically(jwksPath, jwksText, 0o644);

  return { dir, kid: privateJwk.kid, privateJwk, publicJwk, jwksPath, jwksUri: pathToFileURL(jwksPath).href };
}

export interface MintDevTokenOptions {
  subject: string;
  tenantId: string;
  roles: readonly Role[];
  /** jose time span ('8h', '15m', '30 days') or seconds from now (negative: already expired). Default '8h'. */
  ttl?: string | number;
  /** Key directory; default `<repo>/.stack/auth`. */
  dir?: string;
  issuer?: string;
  audience?: string | string[];
}

/** Mints a compact RS256 JWT `{ sub, tenant, roles, iat, exp[, iss, aud] }` signed with the development key. */
export async function mintDevToken(options: MintDevTokenOptions): Promise<string> {
  const { subject, tenantId, roles, ttl = '8h', dir, issuer, audience } = options;
  if (!subject?.trim()) throw new Error('mintDevToken: subject must be a non-empty string');
  if (!tenantId?.trim()) throw new Error('mintDevToken: tenantId must be a non-empty string');
  if (roles.length === 0) throw new Error(`mintDevToken: at least one role is required (${ROLES.join(', ')})`);
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new Error(`mintDevToken: unknown role(s) ${unknown.join(', ')}; known roles: ${ROLES.join(', ')}`);
  }

  const keys = await ensureDevKeys(dir);
  const key = await importJWK(keys.privateJwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ tenant: tenantId, roles: [...new Set(roles)] })
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
    .setSubject(subject)
    .setIssuedAt(now)
    .setExpirationTime(typeof ttl === 'number' ? now + ttl : ttl);
  if (issuer !== undefined) jwt.setIssuer(issuer);
  if (audience !== undefined) jwt.setAudience(audience);
  return jwt.sign(key);
}

/** The development key as stored: an RSA private JWK with its public parts and a kid. */
type PrivateRsaJwk = JWK & { kty: 'RSA'; n: string; e: string; d: string; kid: string };

const isPrivateRsaJwk = (jwk: JWK | null | undefined): jwk is PrivateRsaJwk =>
  jwk?.kty === 'RSA' && !!jwk.n && !!jwk.e && !!jwk.d && !!jwk.kid;

async function generatePrivateJwk(): Promise<PrivateRsaJwk> {
  const { privateKey } = await generateKeyPair('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n, e: jwk.e });
  const generated = { ...jwk, kid, alg: 'RS256', use: 'sig' };
  if (!isPrivateRsaJwk(generated)) throw new Error('the generated development key is not a private RSA JWK');
  return generated;
}

function publicJwkOf(jwk: PrivateRsaJwk): JWK {
  return { kty: 'RSA', n: jwk.n, e: jwk.e, kid: jwk.kid, alg: 'RS256', use: 'sig' };
}

async function readPrivateJwk(path: string): Promise<PrivateRsaJwk | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error(`${path} is not valid JSON; delete it to generate a new development key`);
  }
  if (!isPrivateRsaJwk(jwk)) {
    throw new Error(`${path} is not a private RSA JWK with a kid; delete it to generate a new development key`);
  }
  return jwk;
}

/** Writes `path` only if it does not exist yet, never exposing a half-written file. */
async function publishOnce(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await fs.writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(tmp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') {
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      // No hard links on this file system: fall back to an exclusive create.
      await fs.writeFile(path, content, { mode: 0o600, flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
    }
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
}

async function replaceAtomically(path: string, content: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await fs.writeFile(tmp, content, { mode, flag: 'wx' });
  try {
    await fs.rename(tmp, path);
  } catch (error) {
    await fs.unlink(tmp).catch(() => undefined);
    throw error;
  }
}
