import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CATALOG, RETIRED_GROUPS, SERVICES, deploymentTopics, kafkaAccessOf } from '@aftercare/contracts';
import { K8S_DIR, generatedManifests } from './manifests';

const documentsOf = (relative: string) => parseAllDocuments(fs.readFileSync(path.join(K8S_DIR, relative), 'utf8')).map((d) => d.toJS());

describe('deploy/k8s', () => {
  it.each([...generatedManifests().entries()].map(([file, content]) => [file, content]))(
    '%s is current (run `npm run deploy:manifests` after changing libs/contracts or deploy/src)',
    (file, content) => {
      const committed = path.join(K8S_DIR, file);
      expect(fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : '(missing)').toBe(content);
    },
  );

  it('has a KafkaTopic for every topic of the catalog and every retry and dead-letter topic', () => {
    const topics = documentsOf('kafka/base/topics.yaml');
    const declared = new Set(topics.map((t) => t.spec.topicName));
    for (const entry of CATALOG) expect([entry.topic.name, declared.has(entry.topic.name)]).toEqual([entry.topic.name, true]);
    expect([...declared].sort()).toEqual(deploymentTopics().map((t) => t.name).sort());
    for (const topic of topics) {
      expect(topic.spec.replicas).toBe(3);
      expect(topic.spec.config['min.insync.replicas']).toBe(2);
    }
  });

  it('keeps the catalog retention and compaction on the topics', () => {
    const byName = new Map(documentsOf('kafka/base/topics.yaml').map((t) => [t.spec.topicName, t]));
    for (const { topic } of CATALOG) {
      const resource = byName.get(topic.name)!;
      expect(resource.spec.partitions).toBe(topic.partitions);
      expect(resource.spec.config['retention.ms']).toBe(topic.retentionMs);
      expect(resource.spec.config['cleanup.policy']).toBe(topic.compacted ? 'compact' : undefined);
    }
  });

  it.each([...SERVICES])('gives %s a KafkaUser allowed exactly its topics and groups', (service) => {
    const [user] = documentsOf(`${service}/base/kafka-user.yaml`);
    const access = kafkaAccessOf(service);
    const allowed = (type: string, operation: string) =>
      user.spec.authorization.acls
        .filter((a: { resource: { type: string }; operations: string[] }) => a.resource.type === type && a.operations.includes(operation))
        .map((a: { resource: { name: string } }) => a.resource.name)
        .sort();
    expect(allowed('topic', 'Read')).toEqual([...new Set(access.groups.flatMap((g) => g.reads))].sort());
    expect(allowed('topic', 'Write')).toEqual([...new Set(access.writes)].sort());
    // Every group it consumes in, and the one group in which it reads their retry topics (ADR 0048).
    expect(allowed('group', 'Read')).toEqual([...access.groups.map((g) => g.group), `${service}.retrying`].sort());
    // … and the per-group retry groups of before ADR 0048, retired groups' too (ADR 0056): their offsets are carried once.
    const formerRetryGroups = [...access.groups.map((g) => g.group), ...RETIRED_GROUPS.filter((g) => g.service === service).map((g) => `${service}.${g.purpose}`)].map((g) => `${g}.retrying`);
    expect(allowed('group', 'Describe')).toEqual([...access.groups.map((g) => g.group), `${service}.retrying`, ...formerRetryGroups].sort());
    expect(user.spec.authorization.acls.every((a: { resource: { patternType: string } }) => a.resource.patternType === 'literal')).toBe(true);
  });

  it('lets intake read the CRM topics and write its own events, and dispatch neither', () => {
    const intake = kafkaAccessOf('intake');
    const dispatch = kafkaAccessOf('dispatch');
    expect(intake.groups.find((g) => g.group === 'intake.main')?.reads).toContain('crm.public.service-requests.v1');
    expect(intake.writes).toContain('intake.public.service-request.events.v1');
    expect(dispatch.groups.flatMap((g) => g.reads)).not.toContain('crm.public.service-requests.v1');
    expect(dispatch.writes).not.toContain('intake.public.service-request.events.v1');
  });

  it.each([...RETIRED_GROUPS])("keeps the retry and dead-letter topics of $service's retired group $purpose; its retries are read for $successor (ADR 0056)", ({ service, purpose, successor }) => {
    const topics = new Set(documentsOf('kafka/base/topics.yaml').map((t) => t.spec.topicName));
    expect(topics).toContain(`${service}.${purpose}.retry`);
    expect(topics).toContain(`${service}.${purpose}.dlt`);
    const access = kafkaAccessOf(service);
    expect(access.groups.map((g) => g.group)).not.toContain(`${service}.${purpose}`);
    expect(access.groups.find((g) => g.group === `${service}.${successor}`)?.reads).toContain(`${service}.${purpose}.retry`);
  });

  it.each([...SERVICES])('rolls %s out without a moment of fewer serving replicas, non-root, with probes', (service) => {
    const [deployment] = documentsOf(`${service}/base/deployment.yaml`);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const [container] = pod.containers;
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.lifecycle.preStop).toBeDefined();
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(container.lifecycle.preStop.sleep.seconds);
  });
});
