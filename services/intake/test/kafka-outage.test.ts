import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintDevToken } from '@aftercare/auth';
import { SERVICE_REQUEST_REGISTERED_V1, TOPICS } from '@aftercare/contracts';
import { TopicProbe, startKafkaNode, until, type KafkaNode, type ServiceProcess } from '@aftercare/testing';
import { phoneRequest } from './support/case-bodies';
import { startIntakeProcess } from './support/intake-process';

/**
 * A Kafka broker restarts (a rolling update of the cluster, a node lost): the pods must stay in
 * the Service — readiness up, liveness up — and keep taking requests, because the outbox holds
 * what they could not publish. Taking every replica out would turn a broker's minute into an
 * outage of the API. The broker here is a throw-away node of the test's own, stopped and
 * started again on the same ports and data; intake runs as a process against it and the shared
 * document store.
 */
describe('intake through a broker restart', () => {
  let dir: string;
  let broker: KafkaNode;
  let service: ServiceProcess;
  let management: string;
  let topic: string;
  let keysDir: string;
  let probe: TopicProbe | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-kafka-outage-'));
    broker = await startKafkaNode({ dir, listeners: { CLIENT: 'PLAINTEXT' }, readyWithinMs: 150_000 });
    let env: NodeJS.ProcessEnv;
    ({ service, management, env } = await startIntakeProcess('intake-kafka-outage', { KAFKA_BROKERS: broker.bootstrap.CLIENT }));
    keysDir = path.dirname(new URL(env.AUTH_JWKS_URI!).pathname);
    topic = `${env.KAFKA_TOPIC_PREFIX}${TOPICS.intakeServiceRequestEvents.name}`;
  }, 330_000);

  afterAll(async () => {
    await probe?.close();
    await service?.stop();
    await broker?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** Every status the probes answered while the broker was away; all must be 200. */
  const probeAnswers: string[] = [];
  const probeHealth = async () => {
    for (const probePath of ['/health/ready', '/health/live']) {
      const answer = await fetch(`${management}${probePath}`);
      probeAnswers.push(`${probePath} ${answer.status}${answer.status === 200 ? '' : ` ${await answer.text()}`}`);
    }
  };

  it('stays ready and alive while the broker is down, takes a case, and publishes it once the broker is back', async () => {
    await broker.stop();

    const token = await mintDevToken({ subject: 'agent-outage', tenantId: 'acme', roles: ['agent'], dir: keysDir });
    const created = await fetch(`${service.baseUrl}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(phoneRequest('cust-kafka-outage')),
    });
    expect(created.status).toBe(201);
    const caseId = ((await created.json()) as { id: string }).id;

    // The outage is felt: the relay's publish gives up (the client's retries are spent) and says so.
    await until(
      async () => {
        await probeHealth();
        return /publishing \d+ events failed, a retry follows/.test(service.output());
      },
      240_000,
      () => `the relay never reported the broker away:\n${service.output().slice(-3000)}`,
    );

    await broker.start();
    probe = new TopicProbe([broker.bootstrap.CLIENT]);
    await probe.watch([topic]);
    await probe.waitFor((m) => m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1, { timeoutMs: 180_000 });
    await probeHealth();

    expect(probeAnswers.length).toBeGreaterThan(2);
    expect(probeAnswers.filter((answer) => !answer.endsWith(' 200'))).toEqual([]);
  }, 600_000);
});
