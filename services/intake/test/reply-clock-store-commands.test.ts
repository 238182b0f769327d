/**
 * What the reply clock costs in `sla_clocks` commands, against the real local store (issue 8): a
 * clock this instance started or read is changed with one guarded write (no read first); a clock
 * someone else changed meanwhile makes that write miss and is read and decided again; and
 * "nothing to change" is decided on the stored clock, never on the remembered copy.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@aftercare/persistence';
import { mentionsAny, storeCommandsDuring } from '@aftercare/testing';
import { ReplyClocks } from '../src/sla/application/reply-clocks';
import { SlaClockStore, clockIdOf } from '../src/sla/infrastructure/sla-clock.store';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const TENANT = 'acme';
let intake: IntakeTestApp;

beforeAll(async () => {
  intake = await startIntake('reply-clock-commands', { tenants: [TENANT] });
}, 90_000);

afterAll(async () => {
  await stopIntake(intake);
});

/** The `sla_clocks` commands naming `id` sent while `work` runs. */
const clockCommandsDuring = <T>(id: string, work: () => Promise<T>) =>
  storeCommandsDuring(
    intake.app.get<symbol, Connection>(MONGO_CONNECTION).getClient(),
    (sent) => sent.collection === 'sla_clocks' && mentionsAny(sent.command, [id]),
    work,
  );

async function startedClock(): Promise<{ caseId: string; id: string }> {
  const caseId = `sr-${randomUUID()}`;
  const started = await intake.app.get(ReplyClocks).start({
    tenantId: TENANT,
    caseId,
    receivedAt: new Date(),
    requestedType: 'repair',
    priority: 'P3',
    zone: 'city',
    agreementLevel: null,
  });
  expect(started).toBe(true);
  return { caseId, id: clockIdOf(caseId, 'reply') };
}

describe('the reply clock', () => {
  it('started by this instance is stopped with one guarded write, without reading it again', async () => {
    const { caseId, id } = await startedClock();
    const { result, sent } = await clockCommandsDuring(id, () => intake.app.get(ReplyClocks).stop(TENANT, caseId, new Date(), 'case in_progress'));
    expect(sent).toEqual(['sla_clocks update']);
    expect(result).toMatchObject({ version: 2, nextCheckAt: null });
    expect(await intake.app.get(SlaClockStore).documents.findOne({ _id: id })).toMatchObject({ version: 2, clock: { stoppedAt: expect.any(Date) } });
  });

  it('changed by someone else since is read and decided again, keeping their change', async () => {
    const { caseId, id } = await startedClock();
    // Another instance's change: a new version this instance has not seen.
    await intake.app.get(SlaClockStore).documents.updateOne({ _id: id }, { $set: { escalationStep: 2 }, $inc: { version: 1 } });
    const { result, sent } = await clockCommandsDuring(id, () => intake.app.get(ReplyClocks).stop(TENANT, caseId, new Date(), 'case in_progress'));
    expect(sent).toEqual(['sla_clocks update', 'sla_clocks find', 'sla_clocks update']);
    expect(result).toMatchObject({ version: 3, escalationStep: 2 });
    expect(await intake.app.get(SlaClockStore).documents.findOne({ _id: id })).toMatchObject({ version: 3, escalationStep: 2, clock: { stoppedAt: expect.any(Date) } });
  });

  it('with nothing to change on its remembered copy is read from the store before nothing is written', async () => {
    const { caseId, id } = await startedClock();
    const { sent } = await clockCommandsDuring(id, () => intake.app.get(ReplyClocks).followState(TENANT, caseId, 'acknowledged', new Date()));
    expect(sent).toEqual(['sla_clocks find']);
    expect(await intake.app.get(SlaClockStore).documents.findOne({ _id: id })).toMatchObject({ version: 1 });
  });
});
