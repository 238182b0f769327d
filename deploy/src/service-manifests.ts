/**
 * The Kustomize base of one service: everything a cluster needs to run it, the same shape for all
 * five (generated, so no service drifts from the others; overlays under
 * deploy/k8s/<service>/overlays/ are hand-written per environment).
 */
import type { ServiceName } from '@aftercare/contracts';
import { KAFKA_CLUSTER } from './kafka-resources';

export const HTTP_PORTS: Record<ServiceName, number> = { intake: 3001, dispatch: 3002, parts: 3003, claims: 3004, survey: 3005 };
/** Settings of a service's own that are secrets, read from `<service>-secrets` like the common ones. */
const OWN_SECRETS: Partial<Record<ServiceName, string[]>> = { survey: ['SURVEY_LINK_SECRET'] };
export const IMAGE_REPOSITORY = 'ghcr.io/aftercare';
/** `/metrics` and the probes: not exposed through the ingress (libs/http management-server.ts). */
export const MANAGEMENT_PORT = 9464;

type Resource = Record<string, unknown>;

const labelsOf = (service: ServiceName) => ({ 'app.kubernetes.io/name': service, 'app.kubernetes.io/part-of': 'aftercare', 'app.kubernetes.io/component': 'service' });
const selectorOf = (service: ServiceName) => ({ 'app.kubernetes.io/name': service });
const meta = (service: ServiceName, name: string = service) => ({ name, labels: labelsOf(service) });

/** Non-secret settings (libs/observability and libs/http config shapes); overlays patch them per environment. */
export function configMap(service: ServiceName): Resource {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(service, `${service}-config`),
    data: {
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: String(HTTP_PORTS[service]),
      MANAGEMENT_PORT: String(MANAGEMENT_PORT),
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: `${KAFKA_CLUSTER}-kafka-bootstrap:9093`,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: '/etc/aftercare/kafka-ca/ca.crt',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: service,
      KAFKA_TOPICS: 'verify',
      AUTH_JWKS_URI: 'https://auth.example.com/.well-known/jwks.json',
      OTEL_SERVICE_NAME: service,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318',
    },
  };
}

export function deployment(service: ServiceName): Resource {
  const port = HTTP_PORTS[service];
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'management' },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(service),
    spec: {
      replicas: 2,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorOf(service) },
      // A new pod is ready before an old one goes: no moment with fewer serving replicas.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labelsOf(service) },
        spec: {
          serviceAccountName: service,
          automountServiceAccountToken: false,
          // The pre-stop pause lets endpoints drop the pod before SIGTERM; the service then drains
          // (HTTP, consumers, outbox) within the grace period.
          terminationGracePeriodSeconds: 45,
          // The image's user (deploy/docker/Dockerfile: distroless `nonroot`).
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selectorOf(service) } },
          ],
          containers: [
            {
              name: service,
              image: `${IMAGE_REPOSITORY}/${service}:latest`,
              imagePullPolicy: 'IfNotPresent',
              ports: [
                { name: 'http', containerPort: port, protocol: 'TCP' },
                { name: 'management', containerPort: MANAGEMENT_PORT, protocol: 'TCP' },
              ],
              envFrom: [{ configMapRef: { name: `${service}-config` } }],
              env: [
                { name: 'MONGO_URL', valueFrom: { secretKeyRef: { name: `${service}-secrets`, key: 'MONGO_URL' } } },
                ...['CURSOR_SECRET', ...(OWN_SECRETS[service] ?? [])].map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: `${service}-secrets`, key } } })),
                // Written by Strimzi's User Operator for the KafkaUser of the same name.
                { name: 'KAFKA_SASL_PASSWORD', valueFrom: { secretKeyRef: { name: service, key: 'password' } } },
              ],
              startupProbe: probe('/health/live', 2, 30),
              livenessProbe: probe('/health/live', 10, 3),
              readinessProbe: probe('/health/ready', 5, 3),
              lifecycle: { preStop: { sleep: { seconds: 5 } } },
              resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'kafka-ca', mountPath: '/etc/aftercare/kafka-ca', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            // The cluster CA Strimzi publishes for clients of the `aftercare` Kafka cluster.
            { name: 'kafka-ca', secret: { secretName: `${KAFKA_CLUSTER}-cluster-ca-cert`, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
          ],
        },
      },
    },
  };
}

export function service(name: ServiceName): Resource {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: {
      selector: selectorOf(name),
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'management', port: MANAGEMENT_PORT, targetPort: 'management', protocol: 'TCP' },
      ],
    },
  };
}

export function serviceAccount(name: ServiceName): Resource {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name), automountServiceAccountToken: false };
}

export function podDisruptionBudget(name: ServiceName): Resource {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(name), spec: { minAvailable: 1, selector: { matchLabels: selectorOf(name) } } };
}

export function serviceMonitor(name: ServiceName): Resource {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta(name),
    spec: { selector: { matchLabels: selectorOf(name) }, endpoints: [{ port: 'management', path: '/metrics', interval: '30s' }] },
  };
}

/**
 * In: the API from the ingress controller, the management port from Prometheus (kubelet probes
 * are not subject to network policies). Out: DNS, Kafka, MongoDB and the
 * OpenTelemetry collector — nothing else (a service never calls another service).
 */
export function networkPolicy(name: ServiceName): Resource {
  const namespace = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name),
    spec: {
      podSelector: { matchLabels: selectorOf(name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [namespace('ingress-nginx')], ports: [{ port: 'http', protocol: 'TCP' }] },
        { from: [namespace('monitoring')], ports: [{ port: 'management', protocol: 'TCP' }] },
      ],
      egress: [
        { to: [namespace('kube-system')], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
        { to: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': KAFKA_CLUSTER } } }], ports: [{ port: 9093, protocol: 'TCP' }] },
        { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mongodb' } } }], ports: [{ port: 27017, protocol: 'TCP' }] },
        { to: [namespace('observability')], ports: [{ port: 4318, protocol: 'TCP' }] },
      ],
    },
  };
}

export const BASE_FILES = {
  'deployment.yaml': deployment,
  'service.yaml': service,
  'serviceaccount.yaml': serviceAccount,
  'configmap.yaml': configMap,
  'pdb.yaml': podDisruptionBudget,
  'servicemonitor.yaml': serviceMonitor,
  'networkpolicy.yaml': networkPolicy,
} as const;
