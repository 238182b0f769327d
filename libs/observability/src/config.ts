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
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const given = env[name];
    return given === undefined ? `${name} is required` : `${name} ${issue.message.toLowerCase()}`;
  });
  throw new ConfigError(`${service}: invalid configuration: ${problems.join('; ')}`);
}

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
};

export const portSetting = (defaultPort: number) => z.coerce.number().int().min(1).max(65535).default(defaultPort);

/** Runs the start-up and turns a configuration error into one line on stderr and exit code 1. */
export function exitOnConfigError(error: unknown): never | void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
