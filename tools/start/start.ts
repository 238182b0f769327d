/**
 * `npm start` once dependencies are installed (tools/run.cjs): the local stack (or the one named
 * by KAFKA_BROKERS / MONGO_URL, started by nobody here), a development token, then the five
 * services under the supervisor. A service that dies is restarted with backoff while the others
 * keep running; Ctrl-C (SIGINT) or SIGTERM stops the services, then the stack if this run
 * started it.
 *
 * Environment besides the stack's: `<SERVICE>_PORT` (e.g. INTAKE_PORT) moves a service;
 * MONGO_DB_PREFIX gives each service the database `<prefix><service>` instead of
 * `aftercare_<service>` (a second copy of the platform on the same store, e.g. a test);
 * AUTH_JWKS_URI replaces the development keys; AUTH_DEV_KEYS_DIR moves them.
 */
import * as path from 'node:path';
import { ensureDevKeys, mintDevToken } from '@aftercare/auth';
import { Supervisor, type ServiceSpec } from './supervisor';

const ROOT = path.resolve(__dirname, '../..');

export const SERVICES = [
  { name: 'intake', port: 3001 },
  { name: 'dispatch', port: 3002 },
  { name: 'parts', port: 3003 },
  { name: 'claims', port: 3004 },
  { name: 'survey', port: 3005 },
] as const;

export interface Infrastructure {
  kafkaBrokers: string;
  mongoUrl: string;
  jwksUri: string;
}

/** How each service is run: as `npm start` always has, with the settings of `env` on top. */
export function serviceSpecs(infrastructure: Infrastructure, env: NodeJS.ProcessEnv = process.env): ServiceSpec[] {
  return SERVICES.map(({ name, port: defaultPort }) => {
    const port = Number(env[`${name.toUpperCase()}_PORT`] ?? defaultPort);
    const base = `http://127.0.0.1:${port}`;
    return {
      name,
      command: process.execPath,
      args: ['-r', '@swc-node/register', `services/${name}/src/main.ts`],
      cwd: ROOT,
      env: {
        ...env,
        SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
        KAFKA_BROKERS: infrastructure.kafkaBrokers,
        MONGO_URL: infrastructure.mongoUrl,
        AUTH_JWKS_URI: env.AUTH_JWKS_URI ?? infrastructure.jwksUri,
        PORT: String(port),
        ...(env.MONGO_DB_PREFIX ? { MONGO_DB: `${env.MONGO_DB_PREFIX}${name}` } : {}),
      },
      readyUrl: `${base}/health/ready`,
      describe: `${base}/api/v1   docs ${base}/api/docs`,
    };
  });
}

interface Stack {
  up(options: { mode: 'dev'; root: string; log: (line: string) => void }): Promise<{ kafkaBrokers: string; mongoUrl: string; started: boolean }>;
  down(options: { root: string; log: (line: string) => void }): Promise<unknown>;
}

const say = (line: string) => process.stderr.write(`aftercare: ${line}\n`);

async function main(): Promise<void> {
  // Plain Node, shared with tools/run.cjs and the test set-up; not a module of this project.
  const stackScript = require(path.join(ROOT, 'tools', 'stack', 'stack.cjs')) as Stack;
  const stack = await stackScript.up({ mode: 'dev', root: ROOT, log: say }).catch((error: Error) => {
    say(error.message.split('\n')[0]);
    process.exit(1);
  });
  const keys = await ensureDevKeys(process.env.AUTH_DEV_KEYS_DIR?.trim() || undefined);
  const token = await mintDevToken({ subject: 'demo', tenantId: 'acme', roles: ['agent', 'dispatcher', 'manager'], dir: keys.dir });
  const specs = serviceSpecs({ kafkaBrokers: stack.kafkaBrokers, mongoUrl: stack.mongoUrl, jwksUri: keys.jwksUri });

  const supervisor = new Supervisor(specs, {
    log: say,
    onAllUp: () =>
      process.stdout.write(
        [
          '',
          'Aftercare is up:',
          ...specs.map((spec) => `  ${spec.name.padEnd(9)} ${spec.describe}`),
          `  kafka     ${stack.kafkaBrokers}`,
          `  mongodb   ${stack.mongoUrl}`,
          '',
          `A development token (tenant acme; roles agent, dispatcher, manager): ${token}`,
          'Mint others with: npm run token -- --role technician --tenant acme',
          'A service that stops is restarted by itself. Ctrl-C stops everything.',
          '',
        ].join('\n') + '\n',
      ),
  });

  let stopping = false;
  const stopAll = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the services…`);
    await supervisor.stop();
    if (stack.started) {
      say('stopping the local stack…');
      await stackScript.down({ root: ROOT, log: say });
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));
  // The services run in process groups of their own: never leave one behind, whatever ends this process.
  process.on('exit', () => supervisor.killAll());
  supervisor.start();
}

if (require.main === module) {
  main().catch((error: Error) => {
    say(`could not start: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
