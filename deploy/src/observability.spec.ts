import * as fs from 'node:fs';
import * as path from 'node:path';
import { Registry } from 'prom-client';
import { parse } from 'yaml';
import { SERVICES } from '@aftercare/contracts';
import { MessagingMetrics } from '@aftercare/messaging';
import { HttpMetricsInterceptor, MetricsRegistry } from '@aftercare/observability';
import { OBSERVABILITY_DIR, generatedObservability } from './manifests';
import { ALERT_GROUPS, METRICS, SLA_BREACH_TYPES, allQueries } from './observability';

/** The series names the services' registries expose, as Prometheus sees them after a scrape. */
async function exportedSeries(): Promise<Set<string>> {
  const { registry } = new MetricsRegistry();
  new HttpMetricsInterceptor({ registry } as MetricsRegistry);
  new MessagingMetrics(registry, { backlog: async () => 0, oldestWaitingSeconds: () => 0 }, async () => []);
  return seriesOf(registry);
}

async function seriesOf(registry: Registry): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(metric.name + suffix);
  }
  return names;
}

/** Identifiers in a PromQL expression that look like our series: a selector name before `{`, `[` or `)`. */
function seriesIn(expr: string): string[] {
  const names = expr.match(/\b(?:http_server|messaging|process|nodejs)_[a-z0-9_]+/g) ?? [];
  return [...new Set(names)];
}

describe('deploy/observability', () => {
  it.each([...generatedObservability().entries()].map(([file, content]) => [file, content]))(
    '%s is current (run `npm run deploy:manifests` after changing deploy/src)',
    (file, content) => {
      const committed = path.join(OBSERVABILITY_DIR, file);
      expect(fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : '(missing)').toBe(content);
    },
  );

  it('reads only series the services export', async () => {
    const exported = await exportedSeries();
    const histogramParts = (name: string) => [name, `${name}_bucket`, `${name}_count`, `${name}_sum`];
    for (const name of Object.values(METRICS)) expect(histogramParts(name).some((series) => exported.has(series))).toBe(true);
    const unknown = allQueries().flatMap(seriesIn).filter((series) => !exported.has(series));
    expect(unknown).toEqual([]);
  });

  it('alerts on consumer lag, dead letters, outbox age, handler failures, 5xx and SLA breaches', () => {
    const exprs = ALERT_GROUPS.flatMap((group) => group.rules).map((rule) => rule.expr);
    for (const series of [
      METRICS.consumerLag,
      METRICS.deadLetters,
      METRICS.outboxOldestAge,
      `${METRICS.handlerDuration}_count`,
      `${METRICS.httpDuration}_count`,
      METRICS.published,
    ]) {
      expect(exprs.some((expr) => expr.includes(series))).toBe(true);
    }
    const breaches = exprs.find((expr) => expr.includes(METRICS.published)) ?? '';
    for (const type of SLA_BREACH_TYPES) expect(breaches).toContain(type.replace(/\./g, '\\\\.'));
  });

  it('has one dashboard per service, filtered on that service only', () => {
    for (const service of SERVICES) {
      const board = JSON.parse(fs.readFileSync(path.join(OBSERVABILITY_DIR, 'dashboards', `${service}.json`), 'utf8'));
      const exprs: string[] = board.panels.flatMap((panel: { targets: Array<{ expr: string }> }) => panel.targets.map((t) => t.expr));
      expect(exprs.length).toBeGreaterThan(0);
      for (const expr of exprs) expect(expr).toContain(`job="${service}"`);
    }
  });

  it('ships the collector config and every dashboard through the Kustomization', () => {
    const kustomization = parse(fs.readFileSync(path.join(OBSERVABILITY_DIR, 'kustomization.yaml'), 'utf8'));
    const files = kustomization.configMapGenerator.flatMap((generator: { files: string[] }) => generator.files);
    expect(files).toEqual(['collector.yaml', ...SERVICES.map((service) => `dashboards/${service}.json`)]);
  });
});
