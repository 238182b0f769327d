// Before/after of intake's hot-path store queries, against the shared store. Not committed.
const { MongoClient } = require('mongodb');
const { randomUUID } = require('node:crypto');

const URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const SIZES = (process.env.SIZES ?? '1000,20000').split(',').map(Number);
const OPS = Number(process.env.OPS ?? 200);
const pad = 'x'.repeat(1500);

function caseDoc(i, tenant = 'acme') {
  return {
    _id: `case-${i}`, tenantId: tenant, version: 3, status: ['acknowledged', 'closed', 'in_progress', 'resolved'][i % 4],
    receivedAt: new Date(Date.now() - i * 60_000), requestedType: 'repair', channel: 'crm', externalKey: `${tenant}|crm|CRM-${i}`,
    customer: { customerId: `cust-${i % 5000}`, name: 'Acme Pumps' }, product: { serialNumber: `SN-${i}`, model: 'P-200' },
    problemDescription: pad,
  };
}

async function timed(label, n, op) {
  const times = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await op(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const total = Number(process.hrtime.bigint() - start) / 1e9;
  times.sort((a, b) => a - b);
  return { label, perSecond: Math.round(n / total), p50ms: +times[Math.floor(n / 2)].toFixed(2) };
}

(async () => {
  const client = await MongoClient.connect(URL);
  const results = [];
  for (const size of SIZES) {
    const db = client.db(`p8intake_measure_${size}_${Date.now()}`);
    const cases = db.collection('service_requests');
    await cases.createIndex({ externalKey: 1 }, { unique: true, sparse: true, name: 'externalKey_1' });
    const keys = db.collection('open_case_keys');
    const legacyTimeline = db.collection('case_timeline');
    const timelines = db.collection('case_timelines');
    const assets = db.collection('installed_base');
    await assets.createIndex({ _id: 1, sourceTime: 1 }, { unique: true, name: 'sourceTime_guard' });
    for (let from = 0; from < size; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, size - from) }, (_, k) => caseDoc(from + k));
      await cases.insertMany(batch);
      await keys.insertMany(batch.map((d) => ({ _id: JSON.stringify(['acme', d.customer.customerId, d.product.serialNumber.toLowerCase(), 'repair']), tenantId: 'acme', cases: [{ caseId: d._id, listedAt: new Date() }] })));
      // 6 timeline entries per case, old shape (one document per event) and new (one per case)
      const entry = (d, e) => ({ tenantId: 'acme', caseId: d._id, type: 't', source: 's', subject: d._id, time: new Date(), topic: 'x', partition: 0, offset: e, summary: 'S', data: { caseId: d._id, note: pad.slice(0, 200) } });
      await legacyTimeline.insertMany(batch.flatMap((d) => Array.from({ length: 6 }, (_, e) => ({ _id: `${d._id}-e${e}`, ...entry(d, e) }))));
      await timelines.insertMany(batch.map((d) => ({ _id: JSON.stringify(['acme', d._id]), tenantId: 'acme', caseId: d._id, entries: Object.fromEntries(Array.from({ length: 6 }, (_, e) => [`${d._id}-e${e}`, { id: `${d._id}-e${e}`, ...entry(d, e) }])) })));
      await assets.insertMany(batch.map((d) => ({ _id: `acme|${d.product.serialNumber}`, tenantId: 'acme', serialNumber: d.product.serialNumber, sourceTime: new Date(1000) })));
    }
    const pick = (i) => caseDoc((i * 7919) % size);
    const OPEN = ['received', 'registered', 'acknowledged', 'in_progress', 'reopened'];
    results.push({ size, ...(await timed('duplicate look-up before: find({tenantId, status $in, $or}) sorted', OPS, (i) => {
      const d = pick(i);
      return cases.find({ tenantId: 'acme', status: { $in: OPEN }, $or: [{ 'customer.customerId': d.customer.customerId }, { 'product.serialNumber': d.product.serialNumber }] }).sort({ receivedAt: 1 }).limit(100).toArray();
    })) });
    results.push({ size, ...(await timed('duplicate look-up after: key by _id + candidates by _id $in', OPS, async (i) => {
      const d = pick(i);
      const key = await keys.findOne({ _id: JSON.stringify(['acme', d.customer.customerId, d.product.serialNumber.toLowerCase(), 'repair']) });
      return cases.find({ _id: { $in: key.cases.map((c) => c.caseId) } }).toArray();
    })) });
    results.push({ size, ...(await timed('external key look-up: findOne({externalKey}) (sparse unique)', OPS, (i) => cases.findOne({ externalKey: pick(i).externalKey }))) });
    results.push({ size, ...(await timed('GET case before: findOne({_id, tenantId})', OPS, (i) => cases.findOne({ _id: pick(i)._id, tenantId: 'acme' }))) });
    results.push({ size, ...(await timed('GET case after: findOne({_id})', OPS, (i) => cases.findOne({ _id: pick(i)._id }))) });
    results.push({ size, ...(await timed('timeline read before: find({tenantId, caseId}).sort(...)', OPS, (i) => legacyTimeline.find({ tenantId: 'acme', caseId: pick(i)._id }).sort({ time: 1, topic: 1, partition: 1, offset: 1, _id: 1 }).limit(2000).toArray())) });
    results.push({ size, ...(await timed('timeline read after: findOne({_id})', OPS, (i) => timelines.findOne({ _id: JSON.stringify(['acme', pick(i)._id]) }))) });
    results.push({ size, ...(await timed('timeline write before: insertOne per event', OPS, (i) => legacyTimeline.insertOne({ _id: randomUUID(), tenantId: 'acme', caseId: pick(i)._id, type: 't', time: new Date(), data: {} }))) });
    results.push({ size, ...(await timed('timeline write after: upsert $set entries.<ce_id> per event', OPS, (i) => timelines.updateOne({ _id: JSON.stringify(['acme', pick(i)._id]) }, { $set: { tenantId: 'acme', caseId: pick(i)._id, [`entries.${randomUUID()}`]: { type: 't', time: new Date(), data: {} } } }, { upsert: true }))) });
    results.push({ size, ...(await timed('timeline write after, 6 events of 6 cases in one bulk write (per event)', OPS / 2, (i) => timelines.bulkWrite(Array.from({ length: 6 }, (_, k) => ({ updateOne: { filter: { _id: JSON.stringify(['acme', pick(i * 6 + k)._id]) }, update: { $set: { [`entries.${randomUUID()}`]: { type: 't', time: new Date() } } }, upsert: true } })), { ordered: false }))) });
    results.push({ size, ...(await timed('installed base upsert before: updateOne({_id, $or:[sourceTime $lt, $exists false]})', OPS, (i) => assets.updateOne({ _id: `acme|${pick(i).product.serialNumber}`, $or: [{ sourceTime: { $lt: new Date(2000 + i) } }, { sourceTime: { $exists: false } }] }, { $set: { sourceTime: new Date(2000 + i) } }))) });
    results.push({ size, ...(await timed('installed base upsert after: findOne({_id}) + updateOne({_id, sourceTime})', OPS, async (i) => {
      const _id = `acme|${pick(i).product.serialNumber}`;
      const current = await assets.findOne({ _id });
      await assets.updateOne({ _id, sourceTime: current.sourceTime }, { $set: { sourceTime: new Date(current.sourceTime.getTime() + 1) } });
    })) });
    await db.dropDatabase();
  }
  for (const r of results) console.log(`${String(r.size).padStart(6)}  ${String(r.perSecond).padStart(6)}/s  p50 ${String(r.p50ms).padStart(7)} ms  ${r.label}`);
  await client.close();
})().catch((e) => { console.error(e); process.exit(1); });
