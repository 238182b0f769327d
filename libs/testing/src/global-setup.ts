import * as path from 'node:path';

/**
 * Jest global setup of the component tests (each project's jest.component.config.js; unit specs
 * have none and never need the stack): start (or reuse) the real local Kafka and MongoDB-wire
 * server and hand their addresses to the test workers through the environment. Already set
 * KAFKA_BROKERS / MONGO_URL (`npm test`, a shared or external stack) are used as they are.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS && process.env.MONGO_URL) return;
  const stack = require(path.resolve(__dirname, '../../../tools/stack/stack.cjs'));
  const { kafkaBrokers, mongoUrl } = await stack.up({ mode: 'test' });
  process.env.KAFKA_BROKERS = kafkaBrokers;
  process.env.MONGO_URL = mongoUrl;
}
