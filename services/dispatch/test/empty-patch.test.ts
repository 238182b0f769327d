/**
 * A PATCH that changes nothing (no field, or the values the technician already has) writes nothing:
 * the version and the ETag stay, and a later change still needs only the ETag read.
 */
import { ALWAYS_ON_SHIFT, json, readTechnician, startDispatch, stopDispatch, type DispatchTestApp } from './support/dispatch-app';
import type { TechnicianView } from '../src/technician/application/technician.view';

let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('empty-patch');
  const created = await h.request('POST', '/technicians', {
    body: {
      id: 'tech-still',
      name: 'Li Na',
      skills: ['repair'],
      productLines: ['CP'],
      zones: ['city'],
      baseLocation: { lat: 31.23, lng: 121.47 },
      shiftCalendar: ALWAYS_ON_SHIFT,
      capacity: 3,
    },
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await stopDispatch(h);
});

describe('an empty PATCH of a technician', () => {
  it('changes nothing and keeps the version and the ETag', async () => {
    const before = await readTechnician(h, 'tech-still');
    const etag = `"${before.version}"`;

    const empty = await h.request('PATCH', '/technicians/tech-still', { body: {}, headers: { 'if-match': etag } });
    expect(empty.status).toBe(200);
    expect(empty.headers.get('etag')).toBe(etag);
    expect(await json<TechnicianView>(empty)).toEqual(before);

    const same = await h.request('PATCH', '/technicians/tech-still', { body: { capacity: 3, name: 'Li Na', active: true } });
    expect(same.status).toBe(200);
    expect(same.headers.get('etag')).toBe(etag);

    expect(await readTechnician(h, 'tech-still')).toEqual(before);
  });

  it('still answers a stale If-Match with 412, and a real change bumps the version once', async () => {
    const before = await readTechnician(h, 'tech-still');
    const stale = await h.request('PATCH', '/technicians/tech-still', { body: {}, headers: { 'if-match': `"${before.version + 5}"` } });
    expect(stale.status).toBe(412);

    const changed = await h.request('PATCH', '/technicians/tech-still', { body: { capacity: 4 }, headers: { 'if-match': `"${before.version}"` } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe(`"${before.version + 1}"`);
    expect(await readTechnician(h, 'tech-still')).toMatchObject({ capacity: 4, version: before.version + 1 });
  });
});
