import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOG, channelCarries } from './catalog';
import type { TopicSpec } from './topics';
import { CE_HEADERS } from './envelope';
import { EXAMPLES_DIR, SchemaRegistry } from './schema-registry';

const idOf = (text: string): string => text.replace(/[^A-Za-z0-9]+/g, '_');
/**
 * The document travels in the `@aftercare/contracts` package and says which version of it it is.
 * Read when the document is built, never at import: the services' bundles import this module.
 */
const packageVersion = (): string => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;

/** The CloudEvents binary-mode headers every message carries. */
const headersSchema = {
  type: 'object',
  required: [CE_HEADERS.specversion, CE_HEADERS.id, CE_HEADERS.type, CE_HEADERS.source, CE_HEADERS.time, CE_HEADERS.subject, CE_HEADERS.tenantId],
  properties: {
    [CE_HEADERS.specversion]: { type: 'string', const: '1.0' },
    [CE_HEADERS.id]: { type: 'string', description: 'Unique per event; the de-duplication key of every consumer.' },
    [CE_HEADERS.type]: { type: 'string', description: 'aftercare.<svc>.<aggregate>.<event>.v<N>' },
    [CE_HEADERS.source]: { type: 'string', description: '/aftercare/<svc>' },
    [CE_HEADERS.time]: { type: 'string', format: 'date-time' },
    [CE_HEADERS.subject]: { type: 'string', description: 'The aggregate id, also the Kafka key.' },
    [CE_HEADERS.tenantId]: { type: 'string' },
    [CE_HEADERS.caseId]: { type: 'string', description: 'The service case the message belongs to.' },
    [CE_HEADERS.correlationId]: { type: 'string' },
    [CE_HEADERS.causationId]: { type: 'string' },
    [CE_HEADERS.contentType]: { type: 'string', const: 'application/json' },
    [CE_HEADERS.traceparent]: { type: 'string', description: 'W3C trace context: one case is one trace.' },
    [CE_HEADERS.tracestate]: { type: 'string' },
  },
};

/**
 * The AsyncAPI 3 document of every topic: built from the catalog and the schemas so it cannot
 * drift from what the code validates; `npm run contracts:asyncapi` writes it to
 * libs/contracts/asyncapi.json.
 */
export function buildAsyncApi(registry = SchemaRegistry.fromDirectory()): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const entry of CATALOG) {
    const channelId = idOf(entry.topic.name);
    const types = registry.types().filter((t) => channelCarries(entry, t));
    const channelMessages: Record<string, unknown> = {};
    for (const type of types) {
      const messageId = idOf(type);
      const examplePath = path.join(EXAMPLES_DIR, `${type}.json`);
      messages[messageId] = {
        name: type,
        title: type,
        contentType: 'application/json',
        headers: { $ref: '#/components/schemas/CloudEventsHeaders' },
        payload: { schemaFormat: 'application/schema+json;version=draft-2020-12', schema: { $ref: `./schemas/${type}.json` } },
        examples: fs.existsSync(examplePath) ? [{ name: 'example', payload: JSON.parse(fs.readFileSync(examplePath, 'utf8')) }] : [],
      };
      channelMessages[messageId] = { $ref: `#/components/messages/${messageId}` };
    }
    channels[channelId] = {
      address: entry.topic.name,
      description: `${entry.topic.description} Key: ${entry.topic.key}. Owner: ${entry.topic.owner}.`,
      messages: channelMessages,
      bindings: { kafka: { partitions: entry.topic.partitions, ...topicConfiguration(entry.topic) } },
    };
    const refs = Object.keys(channelMessages).map((id) => ({ $ref: `#/channels/${channelId}/messages/${id}` }));
    for (const producer of entry.producers) {
      operations[idOf(`${producer}.send.${entry.topic.name}`)] = { action: 'send', channel: { $ref: `#/channels/${channelId}` }, messages: refs, summary: `${producer} publishes` };
    }
    for (const consumer of entry.consumers) {
      operations[idOf(`${consumer}.receive.${entry.topic.name}`)] = { action: 'receive', channel: { $ref: `#/channels/${channelId}` }, messages: refs, summary: `${consumer} consumes` };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Aftercare integration events',
      version: packageVersion(),
      description: 'Every Kafka topic of Aftercare: CloudEvents 1.0 in binary mode, key = aggregate id, JSON value validated by the schema named after ce_type.',
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The local single-node broker (npm start).' } },
    channels,
    operations,
    components: { schemas: { CloudEventsHeaders: headersSchema }, messages },
  };
}

export const ASYNCAPI_FILE = path.resolve(__dirname, '../asyncapi.json');

export function writeAsyncApi(file = ASYNCAPI_FILE): void {
  fs.writeFileSync(file, `${JSON.stringify(buildAsyncApi(), null, 2)}\n`);
}

function topicConfiguration(topic: TopicSpec): { topicConfiguration?: Record<string, unknown> } {
  const config = {
    ...(topic.retentionMs ? { 'retention.ms': topic.retentionMs } : {}),
    ...(topic.compacted ? { 'cleanup.policy': ['compact'] } : {}),
  };
  return Object.keys(config).length ? { topicConfiguration: config } : {};
}
