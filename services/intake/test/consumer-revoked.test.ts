import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, ResourcePatternTypes, logLevel, type Admin } from 'kafkajs';
import { startKafkaNode, until, type KafkaNode, type ServiceProcess } from '@aftercare/testing';
import { startIntakeProcess } from './support/intake-process';

/**
 * What a restart cures must restart the pod: when a consumer fails in a way kafkajs does not
 * retry, only a new process helps, so liveness fails and the orchestrator replaces it. Here the
 * cluster's operators revoke the service's right to read its consumer groups (as a KafkaUser
 * edited by mistake would): intake runs as a process against a broker of the test's own that
 * authorises every request (SCRAM user `intake`, Kafka's StandardAuthorizer), and the test
 * deletes the group ACL under it.
 */
describe('intake whose consumer groups are revoked under it', () => {
  const user = { name: 'intake', password: randomUUID() };
  const groupAcl = {
    resourceType: AclResourceTypes.GROUP,
    resourceName: '*',
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: `User:${user.name}`,
    host: '*',
    operation: AclOperationTypes.ALL,
    permissionType: AclPermissionTypes.ALLOW,
  };
  let dir: string;
  let broker: KafkaNode;
  let operator: Admin;
  let service: ServiceProcess;
  let management: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-consumer-revoked-'));
    broker = await startKafkaNode({
      dir,
      listeners: { SCRAM: 'SASL_PLAINTEXT', OPERATOR: 'PLAINTEXT' },
      properties: [
        'listener.name.scram.sasl.enabled.mechanisms=SCRAM-SHA-512',
        'listener.name.scram.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
        'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        // The broker's own listeners and the test's operator connection are unauthenticated (ANONYMOUS).
        'super.users=User:ANONYMOUS',
      ],
      formatArguments: ['--add-scram', `SCRAM-SHA-512=[name=${user.name},password=${user.password}]`],
      readyWithinMs: 150_000,
    });
    operator = new Kafka({ clientId: 'operator', brokers: [broker.bootstrap.OPERATOR], logLevel: logLevel.NOTHING }).admin();
    await operator.connect();
    // What a KafkaUser grants, widened to every name: topics, groups and the cluster (the service creates its topics here).
    await operator.createAcls({
      acl: [
        groupAcl,
        { ...groupAcl, resourceType: AclResourceTypes.TOPIC },
        { ...groupAcl, resourceType: AclResourceTypes.CLUSTER, resourceName: 'kafka-cluster' },
      ],
    });

    const kafka = { KAFKA_BROKERS: broker.bootstrap.SCRAM, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: user.name, KAFKA_SASL_PASSWORD: user.password };
    ({ service, management } = await startIntakeProcess('intake-consumer-revoked', kafka));
  }, 330_000);

  afterAll(async () => {
    await operator?.disconnect();
    await service?.stop();
    await broker?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const probe = async (probePath: string) => {
    const answer = await fetch(`${management}${probePath}`);
    return { status: answer.status, body: (await answer.json()) as { checks: Record<string, { ok: boolean; detail?: string }> } };
  };

  it('is alive while its consumers may read, and fails liveness naming the consumer once they may not', async () => {
    expect((await probe('/health/live')).status).toBe(200);

    await operator.deleteAcls({ filters: [groupAcl] });

    await until(async () => (await probe('/health/live')).status === 503, 240_000, () => `liveness never failed:\n${service.output().slice(-3000)}`);
    const live = await probe('/health/live');
    expect(live.body.checks['kafka-consumer']).toEqual({ ok: false, detail: expect.stringMatching(/crashed for good: .*authoriz/i) });
    expect((await probe('/health/ready')).status).toBe(503);
  }, 300_000);
});
