import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DateTime } from 'luxon';
import {
  EXAMPLES_DIR,
  SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1,
  SURVEY_RESPONSE_SUBMITTED_V1,
  TOPICS,
  toKafkaHeaders,
  type SurveyResponseSubmittedV1,
} from '@aftercare/contracts';
import { until } from '@aftercare/testing';
import type { MonthlyAppraisalView } from '../src/appraisal/appraisal.view';
import { startDispatch, stopDispatch, TENANT, type DispatchTestApp } from './support/dispatch-app';

jest.setTimeout(120_000);

const RESPONSES = TOPICS.surveyResponseEvents.name;
let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('survey-appraisal', { watch: [RESPONSES] });
}, 120_000);

afterAll(() => stopDispatch(h));

const example = (type: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as Record<string, unknown>;
const ratings = (...levels: number[]) =>
  ['attitude', 'technical_skill', 'arrival_time', 'commitments_kept'].map((criterion, i) => ({ criterion, level: levels[i], levels: 4, satisfied: levels[i] >= 3 }));

/** One partition for all of them (one key), so the last one sent is handled last. */
const KEY = `responses-${randomUUID()}`;

async function publish(type: string, data: object, messageId: string = randomUUID()): Promise<void> {
  await h.probe.send(h.topic(RESPONSES), {
    key: KEY,
    value: JSON.stringify(data),
    headers: toKafkaHeaders({ id: messageId, type, source: '/aftercare/survey', time: new Date().toISOString(), subject: String((data as { responseId: string }).responseId), tenantId: TENANT, caseId: (data as { caseId?: string }).caseId ?? undefined, data }),
  });
}

function submitted(technicianId: string | null, levels: number[], overrides: Partial<SurveyResponseSubmittedV1> = {}): SurveyResponseSubmittedV1 {
  return {
    ...(example(SURVEY_RESPONSE_SUBMITTED_V1) as unknown as SurveyResponseSubmittedV1),
    responseId: `resp-${randomUUID()}`,
    tenantId: TENANT,
    technicianId,
    ratings: ratings(...levels),
    submittedAt: new Date().toISOString(),
    ...overrides,
  };
}

describe("survey averages reach dispatch's monthly appraisal", () => {
  it('averages each technician\'s job-survey levels of the month, a redelivered response counted once', async () => {
    const month = DateTime.now().setZone(h.config.REPORTING_TIME_ZONE).toFormat('yyyy-MM');
    const techA = `tech-${randomUUID().slice(0, 8)}`;
    const marker = `tech-${randomUUID().slice(0, 8)}`;
    const second = submitted(techA, [4, 4, 1, 3]);
    const secondMessage = randomUUID();

    await publish(SURVEY_RESPONSE_SUBMITTED_V1, submitted(techA, [4, 4, 4, 4]));
    await publish(SURVEY_RESPONSE_SUBMITTED_V1, second, secondMessage);
    await publish(SURVEY_RESPONSE_SUBMITTED_V1, second, secondMessage); // the same message again
    await publish(SURVEY_RESPONSE_SUBMITTED_V1, second); // the same response under another message id
    await publish(SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, { ...example(SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1), responseId: second.responseId, tenantId: TENANT, technicianId: techA });
    await publish(SURVEY_RESPONSE_SUBMITTED_V1, submitted(null, [1, 1, 1, 1], { kind: 'relationship', caseId: null, workOrderId: null }));
    await publish(SURVEY_RESPONSE_SUBMITTED_V1, submitted(marker, [3, 3, 3, 3]));

    let appraisal: MonthlyAppraisalView | undefined;
    await until(
      async () => {
        const res = await h.request('GET', `/appraisals?month=${month}`, { roles: ['manager'] });
        appraisal = (await res.json()) as MonthlyAppraisalView;
        return appraisal.technicians.some((t) => t.technicianId === marker);
      },
      60_000,
      'the survey responses in the appraisal',
    );
    const row = (id: string) => appraisal!.technicians.find((t) => t.technicianId === id);
    // (16 + 12) / 8 = 3.5; counted twice the second response would give 40 / 12 = 3.33.
    expect(row(techA)).toMatchObject({ surveyAverage: 3.5, jobs: 0 });
    expect(row(marker)).toMatchObject({ surveyAverage: 3 });
    expect(appraisal!.technicians.every((t) => t.surveyAverage !== 1)).toBe(true);

    const otherMonth = await h.request('GET', '/appraisals?month=2020-01', { roles: ['manager'] });
    expect(((await otherMonth.json()) as MonthlyAppraisalView).technicians).toEqual([]);
  });
});
