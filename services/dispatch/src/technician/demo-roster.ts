/**
 * Loads a realistic demo roster into dispatch's store (idempotent: re-running updates the same
 * technicians, keeping the orders they hold).
 *
 *   node tools/run.cjs ts services/dispatch/src/technician/demo-roster.ts --tenant acme [--count 40]
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/dispatch/src/technician/demo-roster.ts --tenant acme
 *
 * Writes through the technician repository (the same documents the API writes), to MONGO_URL
 * (default mongodb://127.0.0.1:27017) and MONGO_DB (default aftercare_dispatch, dispatch's own
 * database). Needs no running dispatch service. Technicians are `demo-tech-001`…: use that as the
 * `--sub` of a technician token (`npm run token -- --role technician --tenant acme --sub demo-tech-001`).
 *
 * The roster is generated from a fixed seed: ~60 % city, 25 % suburb, 15 % remote technicians
 * based around the zone points of the stand-in geocoder, with the type skills (repair,
 * maintenance, installation, commissioning, training) and the product-line trades of
 * PRODUCT_LINE_SKILLS, office-hour, Saturday and night shifts in Asia/Shanghai, capacity 3–6,
 * and one in twenty inactive (on leave).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { connectMongo } from '@aftercare/persistence';
import { PRODUCT_LINE_SKILLS } from '../work-order/application/case-mapping';
import { ZONE_CENTROIDS } from '../work-order/infrastructure/zone-centroid-geocoder';
import { Technician, type RegisterTechnicianInput, type ShiftCalendar, type Zone } from './domain';
import { TechnicianRepository } from './infrastructure/technician.repository';

const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo'];
const GIVEN = ['Wei', 'Fang', 'Lei', 'Jun', 'Jing', 'Yong', 'Qiang', 'Min', 'Tao', 'Hui', 'Bo', 'Ping', 'Gang', 'Xin', 'Hao', 'Yan'];
const TYPE_SKILLS = ['repair', 'maintenance', 'installation', 'commissioning', 'training'];
const LINES = Object.keys(PRODUCT_LINE_SKILLS);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** mulberry32: a small deterministic PRNG, so the same arguments give the same roster. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shift(kind: 'office' | 'saturday' | 'night'): ShiftCalendar {
  const office = [{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:30' }];
  const weekly: Record<string, { start: string; end: string }[]> = {};
  for (const d of WEEKDAYS) weekly[d] = kind === 'night' ? [{ start: '22:00', end: '06:00' }] : office;
  if (kind === 'saturday') weekly.sat = [{ start: '09:00', end: '15:00' }];
  return { timeZone: 'Asia/Shanghai', weekly, daysOff: [] };
}

/** The demo roster of a tenant (pure; exported for tests and other tools). */
export function demoRoster(tenantId: string, count = 40, seed = 4): RegisterTechnicianInput[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const roster: RegisterTechnicianInput[] = [];
  for (let i = 1; i <= count; i++) {
    const r = random();
    const home: Zone = r < 0.6 ? 'city' : r < 0.85 ? 'suburb' : 'remote';
    const zones: Zone[] = home === 'city' ? (random() < 0.4 ? ['city', 'suburb'] : ['city']) : home === 'suburb' ? ['suburb', 'city'] : ['remote', 'suburb'];
    const centre = ZONE_CENTROIDS[home];
    const lines = [...new Set([pick(LINES), ...(random() < 0.5 ? [pick(LINES)] : [])])];
    const types = ['repair', ...(random() < 0.7 ? ['maintenance'] : []), ...(random() < 0.4 ? [pick(TYPE_SKILLS)] : [])];
    const trades = lines.flatMap((l) => PRODUCT_LINE_SKILLS[l] ?? []);
    const s = random();
    roster.push({
      id: `demo-tech-${String(i).padStart(3, '0')}`,
      tenantId,
      name: `${pick(SURNAMES)} ${pick(GIVEN)}`,
      skills: [...new Set([...types, ...trades])],
      productLines: lines,
      zones,
      baseLocation: {
        lat: Math.round((centre.lat + (random() - 0.5) * 0.2) * 1e5) / 1e5,
        lng: Math.round((centre.lng + (random() - 0.5) * 0.2) * 1e5) / 1e5,
      },
      shiftCalendar: shift(s < 0.7 ? 'office' : s < 0.9 ? 'saturday' : 'night'),
      capacity: 3 + Math.floor(random() * 4),
      active: i % 20 !== 0,
    });
  }
  return roster;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      tenant: { type: 'string', short: 't' },
      count: { type: 'string', default: '40' },
      'mongo-url': { type: 'string', default: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017' },
      db: { type: 'string', default: process.env.MONGO_DB ?? 'aftercare_dispatch' },
    },
  });
  const count = Number(values.count);
  if (!values.tenant || !Number.isInteger(count) || count < 1 || count > 999) {
    process.stderr.write('usage: demo-roster.ts --tenant <tenant> [--count 1..999] [--mongo-url <url>] [--db <database>]\n');
    return 2;
  }
  const connection = await connectMongo({ url: values['mongo-url'] as string, dbName: values.db as string });
  try {
    const repository = new TechnicianRepository(connection);
    await repository.ensureIndexes();
    let created = 0;
    let updated = 0;
    for (const input of demoRoster(values.tenant, count)) {
      const existing = await repository.findById(input.tenantId, input.id);
      if (existing) {
        const { id: _id, tenantId: _t, active, ...profile } = input;
        existing.updateProfile(profile);
        if (active === false) existing.deactivate();
        else existing.activate();
        await repository.save(existing);
        updated++;
      } else {
        await repository.save(Technician.register(input));
        created++;
      }
    }
    process.stdout.write(`demo roster for tenant ${values.tenant} in ${values.db}: ${created} created, ${updated} updated\n`);
    return 0;
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`demo-roster: ${error.message}\n`);
      process.exit(1);
    },
  );
}
