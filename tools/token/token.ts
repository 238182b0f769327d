/**
 * Mints a development JWT signed with the local key pair under `.stack/auth` (created on first use).
 *
 *   npm run token -- --role agent --tenant acme [--role dispatcher ...] [--sub alice] [--ttl 8h]
 *                    [--iss <issuer>] [--aud <audience>] [--keys-dir <dir>]
 *
 * Prints only the token on stdout, so `TOKEN=$(npm run -s token -- --role agent --tenant acme)` works.
 * Issuer/audience default to AUTH_ISSUER / AUTH_AUDIENCE, the key directory to AUTH_DEV_KEYS_DIR.
 * Bad arguments: one line on stderr, exit code 2.
 */
import { parseArgs } from 'node:util';
import { ensureDevKeys, isRole, mintDevToken, ROLES, type Role } from '@aftercare/auth';

const USAGE =
  'usage: npm run token -- --role <role> [--role <role> ...] --tenant <tenant> [--sub <subject>] [--ttl 8h] [--iss <issuer>] [--aud <audience>] [--keys-dir <dir>]';

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        role: { type: 'string', multiple: true, short: 'r' },
        tenant: { type: 'string', short: 't' },
        sub: { type: 'string', short: 's' },
        ttl: { type: 'string', default: '8h' },
        iss: { type: 'string' },
        aud: { type: 'string' },
        'keys-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(`token: ${(error as Error).message}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\nroles: ${ROLES.join(', ')}\n`);
    return 0;
  }

  const roles = values.role ?? [];
  if (roles.length === 0) throw new UsageError(`token: --role is required (one of ${ROLES.join(', ')})`);
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new UsageError(`token: unknown role ${unknown.map((r) => `"${r}"`).join(', ')}; known roles: ${ROLES.join(', ')}`);
  }
  const tenantId = values.tenant?.trim();
  if (!tenantId) throw new UsageError('token: --tenant <tenant> is required');
  const subject = values.sub?.trim() || `dev-${roles[0]}`;
  const ttl = values.ttl ?? '8h';
  if (!/^\d+(\.\d+)?\s?(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?|y|yr|yrs|years?)$/i.test(ttl)) {
    throw new UsageError(`token: --ttl "${ttl}" is not a time span like 30m, 8h, 7d`);
  }
  const issuer = values.iss ?? (process.env['AUTH_ISSUER']?.trim() || undefined);
  const audience = values.aud ?? (process.env['AUTH_AUDIENCE']?.trim() || undefined);
  const dir = values['keys-dir'] ?? (process.env['AUTH_DEV_KEYS_DIR']?.trim() || undefined);

  const keys = await ensureDevKeys(dir);
  const token = await mintDevToken({
    subject,
    tenantId,
    roles: roles as Role[],
    ttl,
    dir: keys.dir,
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
  });
  process.stdout.write(`${token}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message} (--help for usage)\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`token: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
