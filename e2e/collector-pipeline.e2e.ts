import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parse, stringify } from 'yaml';
import { mintDevToken } from '@aftercare/auth';
import { REPO_ROOT, freePort, serviceEnvironment, startServiceProcess, until, waitUntilReady, type ServiceProcess } from '@aftercare/testing';

/** The collector deploy/validate.mjs builds (deploy/tools.cjs): exactly the components collector.yaml uses. */
const ensureOtelcol = () =>
  execFileSync(process.execPath, ['-e', "process.stdout.write(require('./deploy/tools.cjs').ensureOtelcol())"], { cwd: REPO_ROOT, encoding: 'utf8' });

/**
 * The collector configuration operations deploy (deploy/observability/collector.yaml) run for
 * real, not only validated: intake exports its spans and metrics over OTLP/HTTP to it; it sends
 * the spans on over OTLP/gRPC to "Tempo" and the metrics to "Prometheus's OTLP receiver". Tempo is
 * played by a second collector (OTLP/gRPC in, OTLP/HTTP JSON out), Prometheus by a small HTTP
 * receiver that also takes Tempo's JSON. Only the listen addresses of the deployed file are moved
 * to free ports (and the collector's own metrics endpoint switched off); the targets come from the
 * environment variables the file reads.
 */
interface Received {
  path: string;
  body: Buffer;
}

function receiver(): { server: http.Server; received: Received[] } {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // The deployed exporter compresses as Prometheus accepts it.
      const body = Buffer.concat(chunks);
      received.push({ path: req.url ?? '', body: req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body });
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' });
      res.end(req.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  return { server, received };
}

function runCollector(bin: string, config: unknown, dir: string, name: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, stringify(config));
  const child = spawn(bin, [`--config=${file}`], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** A collector serves its own metrics on :8888; two here (and others on the machine) would collide. */
const QUIET = { metrics: { level: 'none' } };

const healthy = async (url: string) => {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
};

describe('the deployed collector configuration, run', () => {
  const sink = receiver();
  const collectors: Array<{ child: ChildProcess; output: () => string }> = [];
  let dir: string;
  let service: ServiceProcess;
  let keysDir: string;

  beforeAll(async () => {
    const bin = ensureOtelcol();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-collector-'));
    const [sinkPort, tempoPort, tempoHealth, otlpGrpc, otlpHttp, health] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
    await new Promise<void>((resolve) => sink.server.listen(sinkPort, '127.0.0.1', resolve));

    const tempo = {
      extensions: { health_check: { endpoint: `127.0.0.1:${tempoHealth}` } },
      receivers: { otlp: { protocols: { grpc: { endpoint: `127.0.0.1:${tempoPort}` } } } },
      exporters: { otlp_http: { traces_endpoint: `http://127.0.0.1:${sinkPort}/tempo/v1/traces`, encoding: 'json', compression: 'none' } },
      service: { extensions: ['health_check'], telemetry: QUIET, pipelines: { traces: { receivers: ['otlp'], exporters: ['otlp_http'] } } },
    };
    collectors.push(runCollector(bin, tempo, dir, 'tempo', {}));

    const deployed = parse(fs.readFileSync(path.join(REPO_ROOT, 'deploy/observability/collector.yaml'), 'utf8'));
    deployed.receivers.otlp.protocols.grpc.endpoint = `127.0.0.1:${otlpGrpc}`;
    deployed.receivers.otlp.protocols.http.endpoint = `127.0.0.1:${otlpHttp}`;
    deployed.extensions.health_check.endpoint = `127.0.0.1:${health}`;
    deployed.service.telemetry = QUIET;
    collectors.push(
      runCollector(bin, deployed, dir, 'collector', {
        TRACES_OTLP_ENDPOINT: `127.0.0.1:${tempoPort}`,
        PROMETHEUS_OTLP_URL: `http://127.0.0.1:${sinkPort}/api/v1/otlp/v1/metrics`,
      }),
    );
    await until(
      async () => (await healthy(`http://127.0.0.1:${tempoHealth}/`)) && (await healthy(`http://127.0.0.1:${health}/`)),
      60_000,
      () => `the collectors did not get healthy:\n${collectors.map((c) => c.output()).join('\n')}`,
    );

    const env = await serviceEnvironment('e2e-collector');
    keysDir = path.dirname(new URL(env.AUTH_JWKS_URI!).pathname);
    service = startServiceProcess(
      path.join(REPO_ROOT, 'services/intake/src/main.ts'),
      {
        ...env,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpHttp}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
      },
      await freePort(),
    );
    await waitUntilReady(service, 150_000);
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    await Promise.all(
      collectors.map(({ child }) => (child.exitCode === null ? new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) : undefined)),
    );
    await new Promise((resolve) => sink.server.close(resolve));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("carries a request's spans to Tempo in the caller's trace, and the service's metrics to Prometheus", async () => {
    const traceId = randomBytes(16).toString('hex');
    const token = await mintDevToken({ subject: 'collector-e2e', tenantId: 'acme', roles: ['agent'], dir: keysDir });
    const answer = await fetch(`${service.baseUrl}/api/v1/service-requests?limit=1`, {
      headers: { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(answer.status).toBe(200);

    const inTrace = () =>
      sink.received
        .filter((r) => r.path === '/tempo/v1/traces')
        .flatMap((r) => (JSON.parse(r.body.toString('utf8')) as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: Array<{ traceId: string }> }> }> }).resourceSpans)
        .filter((rs) => rs.scopeSpans.some((scope) => scope.spans.some((span) => span.traceId === traceId)))
        .map((rs) => rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue);
    await until(() => inTrace().length > 0, 60_000, () => `no span of trace ${traceId} reached Tempo; received: ${sink.received.map((r) => r.path).join(', ')}`);
    expect(new Set(inTrace())).toEqual(new Set(['intake']));

    // Prometheus's OTLP receiver gets protobuf: the resource's service name stands in it as plain bytes.
    await until(
      () => sink.received.some((r) => r.path === '/api/v1/otlp/v1/metrics' && r.body.includes('intake')),
      60_000,
      () => `no metrics of intake reached Prometheus; received: ${sink.received.map((r) => r.path).join(', ')}`,
    );
  }, 120_000);
});
