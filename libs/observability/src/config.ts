import * as fs from 'node:fs';
import { z, type ZodRawShape } from 'zod';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment through a schema. A missing or bad setting fails with one line that
 * names every offending variable, so an operator can fix it without reading code.
 */
export function loadConfig<S extends ZodRawShape>(
  service: string,
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) {
    const problems = combinationProblems(result.data as Record<string, unknown>);
    if (problems.length === 0) return result.data;
    throw new ConfigError(`${service}: invalid configuration: ${problems.join('; ')}`);
  }
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const given = env[name];
    return given === undefined ? `${name} is required` : `${name} ${issue.message.toLowerCase()}`;
  });
  throw new ConfigError(`${service}: invalid configuration: ${problems.join('; ')}`);
}

/** `true` or `false`, nothing else: `z.coerce.boolean()` would read "false" as true. */
const flag = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((value) => value === 'true')
  .optional();

/** Common settings every service reads; services extend this shape with their own. */
export const baseConfigShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be a comma-separated list of host:port'),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/, 'may hold only letters, digits, ".", "_" and "-"').default(''),
  AUTH_JWKS_URI: z.string().regex(/^(https?|file):\/\//, 'must be an http(s):// or file:// URI'),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  OUTBOX_BACKLOG_READY_LIMIT: z.coerce.number().int().positive().default(1000),
  /** TLS to the brokers; the CA (PEM) when the cluster's is not a public one, and a client certificate for mutual TLS. */
  KAFKA_TLS: flag,
  KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
  KAFKA_TLS_CERT_FILE: z.string().min(1).optional(),
  KAFKA_TLS_KEY_FILE: z.string().min(1).optional(),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** OAUTHBEARER: the client-credentials grant against this token endpoint. */
  KAFKA_SASL_OAUTH_TOKEN_URL: z.string().regex(/^https?:\/\//, 'must be an http(s):// URL').optional(),
  KAFKA_SASL_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  KAFKA_SASL_OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  KAFKA_SASL_OAUTH_SCOPE: z.string().min(1).optional(),
  /**
   * `create`: declare missing topics at start (local stacks, tests). `verify`: refuse to start when
   * a topic is missing (a cluster whose topics are resources, deploy/k8s/kafka). Unset: `verify`
   * in production, `create` otherwise.
   */
  KAFKA_TOPICS: z.enum(['create', 'verify']).optional(),
};

/** Settings that only make sense together; one line per problem, as for the rest. */
/**
 * Every development default of a secret starts with this, so that production can refuse it: a
 * deployment that forgot its secret would otherwise sign cursors or links anyone can forge.
 */
export const DEV_SECRET_PREFIX = 'aftercare-dev-';

export function combinationProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === 'production') {
    for (const [name, value] of Object.entries(config)) {
      if (typeof value === 'string' && value.startsWith(DEV_SECRET_PREFIX)) {
        problems.push(`${name} still has its development default: set a secret of this deployment's own (at least 32 random characters)`);
      }
    }
  }
  const has = (name: string) => config[name] !== undefined;
  const mechanism = config.KAFKA_SASL_MECHANISM as string | undefined;
  if (mechanism === 'oauthbearer') {
    for (const name of ['KAFKA_SASL_OAUTH_TOKEN_URL', 'KAFKA_SASL_OAUTH_CLIENT_ID', 'KAFKA_SASL_OAUTH_CLIENT_SECRET']) {
      if (!has(name)) problems.push(`${name} is required with KAFKA_SASL_MECHANISM=oauthbearer`);
    }
  } else if (mechanism) {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) if (!has(name)) problems.push(`${name} is required with KAFKA_SASL_MECHANISM=${mechanism}`);
  }
  if (has('KAFKA_TLS_CERT_FILE') !== has('KAFKA_TLS_KEY_FILE')) problems.push('KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together (mutual TLS)');
  for (const name of ['KAFKA_TLS_CA_FILE', 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE']) {
    if (!has(name)) continue;
    if (config.KAFKA_TLS !== true) problems.push(`${name} needs KAFKA_TLS=true`);
    if (!fs.existsSync(config[name] as string)) problems.push(`${name} names ${String(config[name])}, which does not exist`);
  }
  if (mechanism === 'plain' && config.KAFKA_TLS !== true && config.NODE_ENV === 'production') {
    problems.push('KAFKA_SASL_MECHANISM=plain sends the password in clear text: set KAFKA_TLS=true');
  }
  return problems;
}

/** Whether missing topics are created or refused at start (see `KAFKA_TOPICS`). */
export function kafkaTopicsMode(config: { KAFKA_TOPICS?: 'create' | 'verify'; NODE_ENV: string }): 'create' | 'verify' {
  return config.KAFKA_TOPICS ?? (config.NODE_ENV === 'production' ? 'verify' : 'create');
}

export const portSetting = (defaultPort: number) => z.coerce.number().int().min(1).max(65535).default(defaultPort);

/** Runs the start-up and turns a configuration error into one line on stderr and exit code 1. */
export function exitOnConfigError(error: unknown): never | void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
