/**
 * Lists the open cases of an existing deployment in `open_case_keys`, once, after upgrading to
 * duplicate detection by key (cases registered before were never listed). Idempotent: a case
 * already listed under its key is skipped. It may run while intake runs.
 *
 *   node tools/run.cjs ts services/intake/src/service-request/list-open-cases.ts
 *
 * MONGO_URL (default mongodb://127.0.0.1:27017) and MONGO_DB (default aftercare_intake) select
 * the deployment. An administrative pass: it reads `service_requests` whole.
 */
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { connectMongo } from '@aftercare/persistence';
import { FINISHED_STATUSES, duplicateKeyOf } from './domain';
import { OPEN_CASE_KEYS_COLLECTION, OpenCaseKeys, type OpenCaseKeyDocument } from './infrastructure/open-case-keys.store';

interface OpenCaseFields {
  _id: string;
  tenantId: string;
  customer?: { customerId?: string | null };
  product?: { serialNumber?: string | null };
  requestedType?: string | null;
}

/** Lists every open case not yet listed under its duplicate key; returns how many it listed. */
export async function listOpenCases(connection: Connection): Promise<number> {
  if (!connection.db) throw new Error('MongoDB connection is not open');
  const cases = connection.db.collection<OpenCaseFields>('service_requests');
  const keys = new OpenCaseKeys(connection.db.collection(OPEN_CASE_KEYS_COLLECTION) as unknown as Collection<OpenCaseKeyDocument>);
  let listed = 0;
  const open = cases.find(
    { status: { $nin: [...FINISHED_STATUSES] } },
    { projection: { _id: 1, tenantId: 1, 'customer.customerId': 1, 'product.serialNumber': 1, requestedType: 1 } },
  );
  for await (const found of open) {
    const key = duplicateKeyOf({
      tenantId: found.tenantId,
      customerId: found.customer?.customerId ?? null,
      serialNumber: found.product?.serialNumber ?? null,
      requestedType: (found.requestedType ?? null) as never,
    });
    if (!key || (await keys.listed(key)).some((l) => l.caseId === found._id)) continue;
    await keys.list(key, found.tenantId, found._id);
    listed += 1;
  }
  return listed;
}

async function main(): Promise<void> {
  const connection = await connectMongo({
    url: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
    dbName: process.env.MONGO_DB ?? 'aftercare_intake',
  });
  try {
    process.stdout.write(`listed ${await listOpenCases(connection)} open cases in ${OPEN_CASE_KEYS_COLLECTION}\n`);
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`list open cases: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
