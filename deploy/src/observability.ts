/**
 * Observability as code, generated into deploy/observability: the PrometheusRule with the alerts
 * an operator is paged or warned by, and one Grafana dashboard per service. Every query is built
 * from the metric names in METRICS, which `observability.spec.ts` holds to what the services'
 * registries really export; deploy/validate.mjs checks the rules with Prometheus's own rule
 * parser and the dashboards with Grafana's schema (deploy/observability/tools).
 */
import {
  SERVICE_REQUEST_SLA_BREACHED_V1,
  SERVICES,
  WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1,
  WORK_ORDER_COMPLETION_OVERDUE_V1,
  kafkaAccessOf,
  type ServiceName,
} from '@aftercare/contracts';

/** The series the alerts and dashboards read, as the services export them (libs/observability, libs/messaging, prom-client's defaults). */
export const METRICS = {
  httpDuration: 'http_server_request_duration_seconds',
  handlerDuration: 'messaging_handler_duration_seconds',
  deadLetters: 'messaging_dead_letters_total',
  retries: 'messaging_retries_total',
  ignored: 'messaging_messages_ignored_total',
  skipped: 'messaging_messages_skipped_total',
  published: 'messaging_events_published_total',
  outboxBacklog: 'messaging_outbox_backlog',
  outboxOldestAge: 'messaging_outbox_oldest_age_seconds',
  consumerLag: 'messaging_consumer_lag',
  cpu: 'process_cpu_seconds_total',
  residentMemory: 'process_resident_memory_bytes',
  heapUsed: 'nodejs_heap_size_used_bytes',
  eventLoopLag: 'nodejs_eventloop_lag_p99_seconds',
} as const;

/** Events that say a service level was missed (source procedures 001 and 002 set the clocks). */
export const SLA_BREACH_TYPES = [SERVICE_REQUEST_SLA_BREACHED_V1, WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1, WORK_ORDER_COMPLETION_OVERDUE_V1];

/** Alert thresholds; tuned per environment by patching the PrometheusRule in an overlay. */
export const THRESHOLDS = {
  consumerLagMessages: 1000,
  outboxOldestSeconds: 300,
  http5xxRatio: 0.01,
} as const;

const SERVICE_JOBS = SERVICES.join('|');
/** A literal inside a PromQL regex matcher: regex-escaped, then each backslash doubled for the PromQL string. */
const promqlLiteral = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\/g, '\\\\');
const BREACH_TYPES_REGEX = SLA_BREACH_TYPES.map(promqlLiteral).join('|');

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: 'critical' | 'warning' | 'info' };
  annotations: { summary: string; description: string };
}

export const ALERT_GROUPS: Array<{ name: string; rules: AlertRule[] }> = [
  {
    name: 'aftercare-messaging',
    rules: [
      {
        alert: 'AftercareConsumerLagHigh',
        expr: `max by (job, topic) (sum without (partition) (${METRICS.consumerLag}{job=~"${SERVICE_JOBS}"})) > ${THRESHOLDS.consumerLagMessages}`,
        for: '10m',
        labels: { severity: 'warning' },
        annotations: {
          summary: '{{ $labels.job }} is {{ $value }} messages behind on {{ $labels.topic }}',
          description: 'The consumer group has not kept up for 10 minutes. Check the handler latency and failures on the service dashboard, then scale the deployment (partitions allow up to 3 active consumers per group).',
        },
      },
      {
        alert: 'AftercareDeadLetters',
        expr: `sum by (job, topic, code) (increase(${METRICS.deadLetters}{job=~"${SERVICE_JOBS}"}[10m])) > 0`,
        labels: { severity: 'warning' },
        annotations: {
          summary: '{{ $labels.job }} dead-lettered messages from {{ $labels.topic }} ({{ $labels.code }})',
          description: 'A message could not be handled and went to the dead-letter topic with its reason in the aftercare_error_code header. Read it with the DLT tool, fix the cause, then replay it (docs/messaging.md).',
        },
      },
      {
        alert: 'AftercareOutboxStale',
        expr: `max by (job) (${METRICS.outboxOldestAge}{job=~"${SERVICE_JOBS}"}) > ${THRESHOLDS.outboxOldestSeconds}`,
        for: '5m',
        labels: { severity: 'critical' },
        annotations: {
          summary: '{{ $labels.job }} has an event waiting in its outbox for {{ $value | humanizeDuration }}',
          description: 'Events are stored but not reaching Kafka: other services do not see them. Check the broker connection and the KafkaUser ACLs of the service.',
        },
      },
      {
        alert: 'AftercareHandlerFailures',
        expr: `sum by (job, topic) (rate(${METRICS.handlerDuration}_count{job=~"${SERVICE_JOBS}", outcome="failed"}[5m])) > 0`,
        for: '10m',
        labels: { severity: 'warning' },
        annotations: {
          summary: '{{ $labels.job }} handlers keep failing on {{ $labels.topic }}',
          description: 'Handlers have failed for 10 minutes; the messages are being retried and will dead-letter when the attempts run out. The service log names the error.',
        },
      },
    ],
  },
  {
    name: 'aftercare-http',
    rules: [
      {
        alert: 'AftercareHttp5xxRate',
        expr:
          `sum by (job) (rate(${METRICS.httpDuration}_count{job=~"${SERVICE_JOBS}", status=~"5.."}[5m]))` +
          ` / sum by (job) (rate(${METRICS.httpDuration}_count{job=~"${SERVICE_JOBS}"}[5m])) > ${THRESHOLDS.http5xxRatio}`,
        for: '10m',
        labels: { severity: 'critical' },
        annotations: {
          summary: '{{ $labels.job }} answers {{ $value | humanizePercentage }} of its requests with 5xx',
          description: 'Bad input is answered with 4xx problem details, so a 5xx is a fault of the service or of what it depends on (store, broker). The access log has one line per request.',
        },
      },
      {
        alert: 'AftercareServiceDown',
        expr: `up{job=~"${SERVICE_JOBS}"} == 0`,
        for: '5m',
        labels: { severity: 'critical' },
        annotations: {
          summary: '{{ $labels.job }} pod {{ $labels.pod }} cannot be scraped',
          description: 'The management port does not answer. Check the pod events and its liveness probe.',
        },
      },
    ],
  },
  {
    name: 'aftercare-sla',
    rules: [
      {
        alert: 'AftercareSlaBreaches',
        expr: `sum by (job, type) (increase(${METRICS.published}{job=~"${SERVICE_JOBS}", type=~"${BREACH_TYPES_REGEX}"}[15m])) > 0`,
        labels: { severity: 'info' },
        annotations: {
          summary: '{{ $labels.job }} reported {{ $value }} service-level breaches ({{ $labels.type }}) in 15 minutes',
          description: 'A reply, arrival or completion clock ran out. The escalation chain is already notified by the services; this alert shows the trend to the service manager.',
        },
      },
    ],
  },
];

export function prometheusRule(): Record<string, unknown> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'aftercare-alerts',
      labels: { 'app.kubernetes.io/part-of': 'aftercare', 'app.kubernetes.io/component': 'alerts' },
    },
    spec: { groups: ALERT_GROUPS },
  };
}

// ---------------------------------------------------------------------------------------------
// dashboards

interface Query {
  expr: string;
  legend: string;
}

interface PanelSpec {
  title: string;
  description: string;
  unit: string;
  queries: Query[];
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

function panelsOf(service: ServiceName): PanelSpec[] {
  const job = `job="${service}"`;
  const consumes = kafkaAccessOf(service).groups.length > 0;
  const breaches = SLA_BREACH_TYPES.filter((type) => type.startsWith(`aftercare.${service}.`));
  const http: PanelSpec[] = [
    {
      title: 'HTTP requests by status',
      description: 'Requests per second, by status code.',
      unit: 'reqps',
      queries: [{ expr: `sum by (status) (rate(${METRICS.httpDuration}_count{${job}}[$__rate_interval]))`, legend: '{{status}}' }],
    },
    {
      title: 'HTTP latency p95 by route',
      description: '95th percentile of request duration per route.',
      unit: 's',
      queries: [{ expr: `histogram_quantile(0.95, sum by (le, route) (rate(${METRICS.httpDuration}_bucket{${job}}[$__rate_interval])))`, legend: '{{route}}' }],
    },
    {
      title: 'HTTP 5xx ratio',
      description: `Share of requests answered with 5xx; the alert fires above ${THRESHOLDS.http5xxRatio * 100} %.`,
      unit: 'percentunit',
      queries: [
        {
          expr: `sum(rate(${METRICS.httpDuration}_count{${job}, status=~"5.."}[$__rate_interval])) / sum(rate(${METRICS.httpDuration}_count{${job}}[$__rate_interval]))`,
          legend: '5xx',
        },
      ],
    },
  ];
  const outbox: PanelSpec[] = [
    {
      title: 'Events published by type',
      description: 'Events the broker acknowledged per second.',
      unit: 'ops',
      queries: [{ expr: `sum by (type) (rate(${METRICS.published}{${job}}[$__rate_interval]))`, legend: '{{type}}' }],
    },
    {
      title: 'Outbox backlog and oldest waiting event',
      description: `Events stored and not yet published, and how old the oldest is; the alert fires above ${THRESHOLDS.outboxOldestSeconds} s.`,
      unit: 'short',
      queries: [
        { expr: `max(${METRICS.outboxBacklog}{${job}})`, legend: 'waiting events' },
        { expr: `max(${METRICS.outboxOldestAge}{${job}})`, legend: 'oldest (s)' },
      ],
    },
  ];
  const consuming: PanelSpec[] = consumes
    ? [
        {
          title: 'Consumer lag by topic',
          description: `Messages not yet consumed by this service's groups; the alert fires above ${THRESHOLDS.consumerLagMessages}.`,
          unit: 'short',
          queries: [{ expr: `max by (topic) (sum without (partition) (${METRICS.consumerLag}{${job}}))`, legend: '{{topic}}' }],
        },
        {
          title: 'Handled messages by outcome',
          description: 'Consumed messages per second: ok, failed (retried) or rejected (dead-lettered at once).',
          unit: 'ops',
          queries: [{ expr: `sum by (outcome) (rate(${METRICS.handlerDuration}_count{${job}}[$__rate_interval]))`, legend: '{{outcome}}' }],
        },
        {
          title: 'Handler latency p95 by topic',
          description: '95th percentile of the time to handle one message.',
          unit: 's',
          queries: [{ expr: `histogram_quantile(0.95, sum by (le, topic) (rate(${METRICS.handlerDuration}_bucket{${job}}[$__rate_interval])))`, legend: '{{topic}}' }],
        },
        {
          title: 'Retries, dead letters, skips and ignored types',
          description: 'Messages sent to the retry and dead-letter topics, messages a handler skipped on purpose (by code), and messages of a type this build does not know (a newer producer).',
          unit: 'short',
          queries: [
            { expr: `sum by (topic) (increase(${METRICS.retries}{${job}}[$__rate_interval]))`, legend: 'retried {{topic}}' },
            { expr: `sum by (topic, code) (increase(${METRICS.deadLetters}{${job}}[$__rate_interval]))`, legend: 'dead-lettered {{topic}} {{code}}' },
            { expr: `sum by (topic, code) (increase(${METRICS.skipped}{${job}}[$__rate_interval]))`, legend: 'skipped {{topic}} {{code}}' },
            { expr: `sum by (topic, type) (increase(${METRICS.ignored}{${job}}[$__rate_interval]))`, legend: 'ignored {{type}}' },
          ],
        },
      ]
    : [];
  const sla: PanelSpec[] = breaches.length
    ? [
        {
          title: 'Service-level breaches',
          description: 'Breach events published; each one has already started the escalation chain.',
          unit: 'short',
          queries: [{ expr: `sum by (type) (increase(${METRICS.published}{${job}, type=~"${breaches.map(promqlLiteral).join('|')}"}[$__rate_interval]))`, legend: '{{type}}' }],
        },
      ]
    : [];
  const runtime: PanelSpec[] = [
    {
      title: 'CPU',
      description: 'CPU seconds per second, per pod.',
      unit: 'percentunit',
      queries: [{ expr: `rate(${METRICS.cpu}{${job}}[$__rate_interval])`, legend: '{{pod}}' }],
    },
    {
      title: 'Memory',
      description: 'Resident memory and used heap, per pod.',
      unit: 'bytes',
      queries: [
        { expr: `${METRICS.residentMemory}{${job}}`, legend: 'resident {{pod}}' },
        { expr: `${METRICS.heapUsed}{${job}}`, legend: 'heap {{pod}}' },
      ],
    },
    {
      title: 'Event-loop lag p99',
      description: 'How late timers fire: a blocked event loop delays every request and message.',
      unit: 's',
      queries: [{ expr: `${METRICS.eventLoopLag}{${job}}`, legend: '{{pod}}' }],
    },
  ];
  return [...http, ...consuming, ...outbox, ...sla, ...runtime];
}

const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

function timeseriesPanel(spec: PanelSpec, index: number): Record<string, unknown> {
  return {
    id: index + 1,
    type: 'timeseries',
    title: spec.title,
    description: spec.description,
    datasource: DATASOURCE,
    gridPos: { h: PANEL_HEIGHT, w: PANEL_WIDTH, x: (index % 2) * PANEL_WIDTH, y: Math.floor(index / 2) * PANEL_HEIGHT },
    fieldConfig: { defaults: { unit: spec.unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] }, tooltip: { mode: 'multi', sort: 'none' } },
    targets: spec.queries.map((query, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: query.expr,
      legendFormat: query.legend,
    })),
  };
}

export function dashboard(service: ServiceName): Record<string, unknown> {
  return {
    uid: `aftercare-${service}`,
    title: `Aftercare / ${service}`,
    description: `Requests, messaging, outbox and runtime of ${service} (generated by deploy/src/observability.ts).`,
    tags: ['aftercare', service],
    timezone: 'utc',
    editable: false,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    annotations: { list: [] },
    links: [],
    templating: {
      list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', hide: 0 }],
    },
    panels: panelsOf(service).map(timeseriesPanel),
  };
}

/** Every PromQL expression of the rules and dashboards, for the checks. */
export function allQueries(): string[] {
  return [
    ...ALERT_GROUPS.flatMap((group) => group.rules.map((rule) => rule.expr)),
    ...SERVICES.flatMap((service) => panelsOf(service).flatMap((panel) => panel.queries.map((query) => query.expr))),
  ];
}
