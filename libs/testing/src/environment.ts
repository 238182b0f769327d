import { randomBytes } from 'node:crypto';

export interface TestEnvironment {
  kafkaBrokers: string[];
  mongoUrl: string;
}

/** The stack the Jest global setup brought up (or the one named by KAFKA_BROKERS / MONGO_URL). */
export function testEnvironment(): TestEnvironment {
  const brokers = process.env.KAFKA_BROKERS;
  const mongoUrl = process.env.MONGO_URL;
  if (!brokers || !mongoUrl) {
    throw new Error('KAFKA_BROKERS and MONGO_URL are not set: run the tests with `npm test` (it starts the local stack)');
  }
  return { kafkaBrokers: brokers.split(','), mongoUrl };
}

export interface Isolation {
  /** Prepended to every topic and consumer group of the test. */
  topicPrefix: string;
  /** A database of its own. */
  dbName: string;
}

/** Names that no other test file (or earlier run on the same broker) shares. */
export function isolate(label: string): Isolation {
  const id = `${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${randomBytes(4).toString('hex')}`;
  return { topicPrefix: `t.${id}.`, dbName: `t_${id.replace(/-/g, '_')}` };
}
