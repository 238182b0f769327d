import * as path from 'node:path';

/**
 * Jest global setup: start (or reuse) the real local Kafka and MongoDB-wire server once per run
 * and hand their addresses to the test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS && process.env.MONGO_URL) return;
  const stack = require(path.resolve(__dirname, '../../../tools/stack/stack.cjs'));
  const { kafkaBrokers, mongoUrl } = await stack.up({ mode: 'test' });
  process.env.KAFKA_BROKERS = kafkaBrokers;
  process.env.MONGO_URL = mongoUrl;
}
