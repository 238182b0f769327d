#!/usr/bin/env node
/**
 * Renders every Kustomize overlay under deploy/k8s and deploy/observability and validates each
 * resource against the Kubernetes, Strimzi and Prometheus Operator schemas (kubernetes-models,
 * generated from the upstream OpenAPI documents and CRDs), lints every Dockerfile with hadolint,
 * and checks the observability config with the upstream code: the OpenTelemetry Collector's own
 * `validate` on collector.yaml, Prometheus's rule parser on the PrometheusRule groups, Grafana's
 * dashboard schema and the PromQL parser on the dashboards. The tools are installed into
 * .tools/deploy on first use (deploy/tools.cjs). Exit 1 on any finding.
 *
 *   node deploy/validate.mjs
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { parseAllDocuments, stringify } from 'yaml';

const require = createRequire(import.meta.url);
const { ensureKustomize, ensureHadolint, ensureOtelcol, ensurePromcheck } = require('./tools.cjs');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const K8S = path.join(ROOT, 'deploy', 'k8s');
const OBSERVABILITY = path.join(ROOT, 'deploy', 'observability');
const say = (line) => process.stdout.write(`deploy: ${line}\n`);

const MODELS = {
  v1: () => import('kubernetes-models/v1'),
  'apps/v1': () => import('kubernetes-models/apps/v1'),
  'policy/v1': () => import('kubernetes-models/policy/v1'),
  'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
  'kafka.strimzi.io/v1': () => import('@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1'),
  'monitoring.coreos.com/v1': () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1'),
};

async function validateResource(resource) {
  const load = MODELS[resource.apiVersion];
  if (!load) return `${resource.kind} ${resource.metadata?.name}: no schema known for apiVersion ${resource.apiVersion}`;
  const Model = (await load())[resource.kind];
  if (!Model) return `${resource.kind} ${resource.metadata?.name}: no schema known for kind ${resource.kind} in ${resource.apiVersion}`;
  try {
    new Model(resource).validate();
    return null;
  } catch (error) {
    return `${resource.kind} ${resource.metadata?.name}: ${error.message}`;
  }
}

function overlays() {
  return fs
    .readdirSync(K8S)
    .flatMap((unit) => {
      const dir = path.join(K8S, unit, 'overlays');
      return fs.existsSync(dir) ? fs.readdirSync(dir).map((env) => path.join(dir, env)) : [];
    })
    .sort()
    .concat([OBSERVABILITY]);
}

function dockerfiles() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.name === 'Dockerfile' || entry.name.endsWith('.Dockerfile')) found.push(full);
    }
  };
  for (const top of ['deploy', 'services']) walk(path.join(ROOT, top));
  return found.sort();
}

const findings = [];
const kustomize = ensureKustomize(say);
let resources = 0;
const ruleGroups = [];
for (const overlay of overlays()) {
  const where = path.relative(ROOT, overlay);
  const rendered = spawnSync(kustomize, ['build', overlay], { encoding: 'utf8' });
  if (rendered.status !== 0) {
    findings.push(`${where}: kustomize build failed: ${rendered.stderr.trim()}`);
    continue;
  }
  const documents = parseAllDocuments(rendered.stdout);
  for (const document of documents) {
    if (document.errors.length > 0) findings.push(`${where}: ${document.errors[0].message}`);
    const resource = document.toJS();
    if (!resource) continue;
    resources += 1;
    const problem = await validateResource(resource);
    if (problem) findings.push(`${where}: ${problem}`);
    if (resource.kind === 'PrometheusRule') ruleGroups.push({ name: `${where}/${resource.metadata.name}`, groups: resource.spec?.groups ?? [] });
  }
  say(`${where}: ${documents.length} resources rendered`);
}

const hadolint = ensureHadolint(say);
const files = dockerfiles();
for (const file of files) {
  const linted = spawnSync(hadolint, ['--failure-threshold', 'info', file], { encoding: 'utf8' });
  if (linted.status !== 0) findings.push(`${path.relative(ROOT, file)}: hadolint: ${(linted.stdout + linted.stderr).trim()}`);
}

function check(bin, args, what) {
  const result = spawnSync(bin, args, { encoding: 'utf8' });
  for (const line of result.stdout.trim().split('\n').filter(Boolean)) say(`${what}: ${line}`);
  if (result.status !== 0) findings.push(`${what}: ${(result.stderr || result.error?.message || '').trim()}`);
}

const otelcol = ensureOtelcol(say);
check(otelcol, ['validate', `--config=${path.join(OBSERVABILITY, 'collector.yaml')}`], 'otelcol validate collector.yaml');
if (!findings.some((f) => f.startsWith('otelcol'))) say('otelcol validate collector.yaml: valid');

const promcheck = ensurePromcheck(say);
const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-rules-'));
const ruleFiles = ruleGroups.map(({ name, groups }, i) => {
  const file = path.join(rulesDir, `${i}-${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
  fs.writeFileSync(file, stringify({ groups }));
  return file;
});
if (ruleFiles.length === 0) findings.push('no PrometheusRule rendered: the alerts are missing');
else check(promcheck, ['rules', ...ruleFiles], 'promcheck rules');
fs.rmSync(rulesDir, { recursive: true, force: true });
const dashboards = fs.readdirSync(path.join(OBSERVABILITY, 'dashboards')).filter((f) => f.endsWith('.json')).map((f) => path.join(OBSERVABILITY, 'dashboards', f));
check(promcheck, ['dashboards', ...dashboards], 'promcheck dashboards');

for (const finding of findings) say(`FINDING ${finding}`);
say(
  `${overlays().length} overlays, ${resources} resources, ${files.length} Dockerfiles, collector config, ${ruleFiles.length} rule file(s), ${dashboards.length} dashboards: ${findings.length === 0 ? 'valid' : `${findings.length} finding(s)`}`,
);
process.exit(findings.length === 0 ? 0 : 1);
