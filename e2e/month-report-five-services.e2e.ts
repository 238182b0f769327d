import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import {
  ERP_DELIVERIES_MONTH_REPORTED_V1,
  PARTS_REQUEST_REQUESTED_V1,
  SERVICE_COMPLAINT_OPENED_V1,
  SERVICE_REQUEST_ACKNOWLEDGED_V1,
  TOPICS,
  WORK_ORDER_RESUMED_V1,
  toKafkaHeaders,
} from '@aftercare/contracts';
import { mintDevToken } from '@aftercare/auth';
import { closesAt, lastClosedMonth } from '@aftercare/monthly-report/calendar';
import { pdfText, until } from '@aftercare/testing';
import { FiveServices } from './support/five-services';
import {
  assignedOrder,
  caseReaches,
  cityPumpTechnician,
  completeAndVerify,
  pumpUnderServiceContract,
  pumpUnderWarranty,
  sealRepairReport,
  startOnSite,
  technicianStep,
  warrantyCase,
  warrantyCaseFromCrm,
} from './support/field-work';
import { TENANT } from './support/intake-and-dispatch';
import { TestClock } from './support/test-clock';

jest.setTimeout(600_000);

const ZONE = 'Asia/Shanghai'; // the demo tenant's zone (registered without one: the deployments' default)
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Line {
  key: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  meetsTarget: boolean | null;
}
interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
}
interface ReportBody {
  month: string;
  missingSources: string[];
  lines: Line[];
  technicians: Array<{ technicianId: string; jobs: number | null; onTimeArrival: Rate | null; firstTimeFix: Rate | null; reworks: number | null; repeatRepairs: number | null; satisfaction: Rate | null; complaints: number | null }>;
}

/** The report's rounding, written out for the hand computation: one decimal, half up on the exact fraction. */
const percent = (numerator: number, denominator: number) => (denominator === 0 ? null : Math.floor((numerator * 2000 + denominator) / (2 * denominator)) / 10);

/**
 * System tier, the monthly report (issue 13, "the report for a seeded month matches hand-computed
 * figures in every line"): all five services as separate processes, one month seeded through
 * their real inputs (a CRM request and an agent's registration, the technician's and the
 * supervisor's steps in dispatch, parts' clerk and warehouse, claims' agents and quality engineer,
 * the ERP's deliveries, the customers' survey answers), then the month closes and every owner
 * publishes its figures on its own schedule; survey composes them.
 *
 * The owners count by the instants they stored (received, completed, requested, submitted), all
 * taken from the wall clock, and publish a month only after it closed. So the whole system runs
 * on one test clock (`TestClock`: a preload shifts `Date` in every process, the services are
 * unchanged): the month is lived in three hours before its close, then the clock moves to an hour
 * after the close and the owners' hourly job (here every second) and survey's report job publish
 * and compose it as they would in production.
 */
describe('the monthly report of a seeded month, from all five services', () => {
  const clock = new TestClock();
  const system = new FiveServices('e2e-month');
  const topic = (name: string) => system.topic(name);
  const cases = topic(TOPICS.intakeServiceRequestEvents.name);
  const workOrders = topic(TOPICS.dispatchWorkOrderEvents.name);
  const partsRequests = topic(TOPICS.partsRequestEvents.name);
  const notifications = topic(TOPICS.notificationRequests.name);
  const complaints = topic(TOPICS.claimsServiceComplaintEvents.name);
  const deadLetters = system.deadLetterTopics();
  const technicianId = `tech-${randomUUID().slice(0, 8)}`;
  /** The month seeded: the one that last closed in the tenant's zone (real time). */
  const month = lastClosedMonth(new Date(), ZONE);

  beforeAll(async () => {
    clock.install();
    await clock.set(new Date(closesAt(month, ZONE).getTime() - 3 * 3_600_000));
    await system.start([cases, workOrders, partsRequests, notifications, complaints, ...deadLetters], {
      ...clock.settings,
      MONTH_FIGURES_SCAN_INTERVAL_MS: '1000',
      REPORT_SCAN_INTERVAL_MS: '1000',
      REPORT_GENERATE_AFTER_HOURS: '0',
    });
    const installer = { ...cityPumpTechnician(technicianId, 'Zhou Min'), skills: ['repair', 'hydraulics', 'installation'] };
    expect((await system.call(system.dispatch, 'POST', '/technicians', ['dispatcher'], installer)).status).toBe(201);
  }, 600_000);

  afterAll(async () => {
    await system.stop();
    clock.restore();
  });

  const as = (service: 'intake' | 'dispatch' | 'parts' | 'claims' | 'survey', roles: Parameters<FiveServices['call']>[3], subject?: string) =>
    (method: string, url: string, body?: unknown) => system.call(system[service], method, url, roles, body, subject ? { subject } : {});
  const ok = async (answer: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await answer;
    if (status >= 300) throw new Error(`${status} ${JSON.stringify(body)}`);
    return body as Record<string, unknown>;
  };

  /** The survey link of the case's verified order, answered as the answer page posts it. */
  async function answerSurvey(caseId: string, levels: Record<string, number>): Promise<void> {
    expect((await system.answerSurvey(await system.surveyLink(caseId), levels)).status).toBe(201);
  }

  it('prints every line as computed by hand, in the JSON, the PDF and the workbook', async () => {
    const clerk = as('parts', ['parts_clerk']);
    const agent = as('claims', ['agent'], 'agent-li');
    const quality = as('claims', ['quality_engineer'], 'qe-chen');
    const cancelledRetries: string[] = [];

    // The month. A pump under warranty; a seal in the central stock at 180.00.
    const seal = `SEAL-${randomUUID().slice(0, 8)}`;
    await ok(clerk('PUT', `/parts/${seal}`, { name: 'Mechanical seal', specification: '22 mm', material: 'SiC/carbon', unit: 'pcs', standardCost: 180 }));
    await ok(clerk('POST', `/warehouses/central/stock/${seal}/receipts`, { receiptId: `GR-${randomUUID()}`, quantity: 2 }));
    const serial = await pumpUnderWarranty(system);
    const newPump = await pumpUnderServiceContract(system);

    // Case A, raised in the CRM: the seal is ordered from the central stock and shipped (35.00),
    // the repair (2 h labour, 1 h travel, 1 person-time) verified, the survey answered 4/4: closed.
    const caseA = await warrantyCaseFromCrm(system, serial, cancelledRetries);
    await system.probe.waitFor((m) => m.topic === cases && m.headers.ce_caseid === caseA && m.headers.ce_type === SERVICE_REQUEST_ACKNOWLEDGED_V1, { timeoutMs: 30_000 });
    const orderA = await assignedOrder(system, caseA);
    await startOnSite(system, orderA);
    await technicianStep(system, orderA, 'await-parts', { parts: [{ partNo: seal, quantity: 1, description: 'Mechanical seal 22 mm' }] });
    const [requested] = await system.probe.waitFor((m) => m.topic === partsRequests && m.headers.ce_caseid === caseA && m.headers.ce_type === PARTS_REQUEST_REQUESTED_V1, { timeoutMs: 60_000 });
    const warehouse = (step: string, body?: unknown) => ok(as('parts', ['warehouse'])('POST', `/parts-requests/${requested.key}/${step}`, body));
    await until(async () => (await clerk('GET', `/parts-requests/${requested.key}`)).body.status === 'reserved', 30_000, 'the seal was not reserved');
    await warehouse('pick');
    await warehouse('pack');
    await warehouse('ship', { carrier: 'SF Express', trackingNo: `SF${randomUUID().slice(0, 6)}`, transportCost: 35 });
    await ok(system.call(system.parts, 'POST', `/parts-requests/${requested.key}/deliver`, ['technician'], { receivedBy: technicianId, lines: [{ partNo: seal, received: 1, damaged: 0 }] }, { subject: technicianId }));
    await system.probe.waitFor((m) => m.topic === workOrders && m.headers.ce_caseid === caseA && m.headers.ce_type === WORK_ORDER_RESUMED_V1, { timeoutMs: 60_000 });
    await completeAndVerify(system, orderA, sealRepairReport({ partsReplaced: [{ partNo: seal, quantity: 1 }], labourHours: 2, travelHours: 1, personTimes: 1 }));
    await caseReaches(system, caseA, 'resolved');
    await answerSurvey(caseA, { attitude: 4, technical_skill: 4, arrival_time: 4, commitments_kept: 4 });
    await caseReaches(system, caseA, 'closed');

    // Case B, the same pump's seal again (a repeat repair of A), registered by an agent: two
    // technicians' visit (1 h labour, 0.5 h travel, 2 person-times), no part; answered 4, 3, 1, 4:
    // the 1 on arrival time is a low score, claims opens a complaint and the case is reopened.
    const caseB = await warrantyCase(system, serial, cancelledRetries);
    await system.probe.waitFor((m) => m.topic === cases && m.headers.ce_caseid === caseB && m.headers.ce_type === SERVICE_REQUEST_ACKNOWLEDGED_V1, { timeoutMs: 30_000 });
    const orderB = await assignedOrder(system, caseB);
    await startOnSite(system, orderB);
    await completeAndVerify(system, orderB, sealRepairReport({ partsReplaced: [], labourHours: 1, travelHours: 0.5, personTimes: 2 }));
    await caseReaches(system, caseB, 'resolved');
    await answerSurvey(caseB, { attitude: 4, technical_skill: 3, arrival_time: 1, commitments_kept: 4 });
    await system.probe.waitFor((m) => m.topic === complaints && m.headers.ce_caseid === caseB && m.headers.ce_type === SERVICE_COMPLAINT_OPENED_V1, { timeoutMs: 60_000 });
    await caseReaches(system, caseB, 'reopened');

    // Case I: a pump under a service contract installed by the technician (3 h labour, 1 h travel,
    // 1 person-time), verified; the contract pays (class B): installation guidance under the sales
    // contract, excluded from the total. Nobody answers its survey: it stays resolved.
    const caseI = await warrantyCase(system, newPump, cancelledRetries, { requestedType: 'installation', feeClass: 'B' });
    await system.probe.waitFor((m) => m.topic === cases && m.headers.ce_caseid === caseI && m.headers.ce_type === SERVICE_REQUEST_ACKNOWLEDGED_V1, { timeoutMs: 30_000 });
    const orderI = await assignedOrder(system, caseI);
    await startOnSite(system, orderI);
    await completeAndVerify(system, orderI, sealRepairReport({ faultCause: 'New installation', faultCategory: 'installation', resolution: 'Installed, aligned and commissioned', partsReplaced: [], labourHours: 3, travelHours: 1, personTimes: 1 }));
    await caseReaches(system, caseI, 'resolved');

    // A customer phones a complaint about the technician (a case of the CRM's own); the check confirms it.
    const phoned = await ok(agent('POST', '/service-complaints', { caseId: `sr-phone-${randomUUID().slice(0, 8)}`, channel: 'phone', level: 'ordinary', complainantName: 'Li Wei', content: 'The technician left the site dirty', technicianId }));
    await ok(agent('POST', `/service-complaints/${String(phoned.id)}/response`, { note: 'Called back' }));
    await ok(as('claims', ['service_manager'], 'sm-zhou')('POST', `/service-complaints/${String(phoned.id)}/check`, { confirmed: true, findings: 'Photos confirm it' }));

    // A dealer returns 10 pumps; the inspection confirms 3 defective. The ERP reports 400 delivered.
    const rma = await ok(agent('POST', '/return-authorizations', { caseId: `sr-dealer-${randomUUID().slice(0, 8)}`, productModel: 'CP-200', lot: 'LOT-2026-0412', quantityExpected: 10 }));
    const rmaStep = (step: string, roles: Parameters<FiveServices['call']>[3], body?: unknown) => ok(system.call(system.claims, 'POST', `/return-authorizations/${String(rma.id)}/${step}`, roles, body));
    await rmaStep('approve', ['quality_engineer']);
    await rmaStep('goods-received', ['warehouse'], { quantityReceived: 10 });
    await rmaStep('inspection', ['quality_engineer'], { defectConfirmed: true, defectiveQuantity: 3, samplesKept: 1, findings: 'Three units leak at the shaft seal' });
    const deliveries = { month, productModel: null, unitsDelivered: 400, reportedAt: new Date().toISOString() };
    const erpId = randomUUID();
    await system.probe.send(topic(TOPICS.erpDeliveries.name), {
      key: `${month}|*`,
      value: JSON.stringify(deliveries),
      headers: toKafkaHeaders({ id: erpId, type: ERP_DELIVERIES_MONTH_REPORTED_V1, source: '/erp', time: deliveries.reportedAt, subject: `${month}|*`, tenantId: TENANT, correlationId: erpId, data: deliveries }),
    });
    await until(async () => (await quality('GET', `/claims-month-figures/${month}`)).body?.returns?.unitsDelivered === 400, 30_000, "claims did not take the ERP's deliveries");
    expect(new Date().getTime()).toBeLessThan(closesAt(month, ZONE).getTime()); // everything above happened inside the month

    // The month closes; an hour later every owner has published and the report is composed.
    await clock.set(new Date(closesAt(month, ZONE).getTime() + 3_600_000));

    // The hand computation: every registered case is in the city zone and was acknowledged (or
    // cancelled) at once, so its reply clock stopped in time. Cases cancelled because intake did
    // not know the pump yet are registered, not due.
    const registered = 3 + cancelledRetries.length;
    const days = DateTime.fromFormat(month, 'yyyy-MM').daysInMonth!;
    const fieldCost = 43_000 + 29_000; // A: 2 h × 150.00 + 1 h × 80.00 + 1 × 50.00; B: 1 h × 150.00 + 0.5 h × 80.00 + 2 × 50.00 (dispatch's default rates)
    const installationCost = 58_000; // I: 3 h × 150.00 + 1 h × 80.00 + 1 × 50.00
    const expected: Array<[key: string, value: number | null, numerator: number | null, denominator: number | null, meetsTarget: boolean | null]> = [
      ['cost.installation_commissioning.person_times', 1, null, null, null], // I
      ['cost.installation_commissioning.person_times_per_day', Math.round((1 / days) * 100) / 100, 1, days, null],
      ['cost.installation_commissioning.cost', installationCost, null, null, null],
      ['cost.field_service.person_times', 3, null, null, null], // A 1 + B 2
      ['cost.field_service.person_times_per_day', Math.round((3 / days) * 100) / 100, 3, days, null],
      ['cost.field_service.cost', fieldCost, null, null, null],
      ['cost.material', 18_000, null, null, null], // one seal reserved at 180.00
      ['cost.transport', 3_500, null, null, null], // its shipment, 35.00
      ['cost.contracted_installation_guidance', installationCost, null, null, null], // I is paid by the contract
      ['cost.total_excluding_guidance', installationCost + fieldCost + 18_000 + 3_500 - installationCost, null, null, null],
      ['rate.resolution', 66.7, 2, 3, false], // A closed, I resolved; B reopened (not resolved) — of the 3 not cancelled; target 95 %
      ['rate.reply_on_time.city', 100, registered, registered, null],
      ['rate.reply_on_time.suburb', null, 0, 0, null],
      ['rate.arrival_on_time.city', 100, 3, 3, null], // A, B and I on site right after they were scheduled
      ['rate.arrival_on_time.suburb', null, 0, 0, null],
      ['rate.technician_arranged', 100, 3, 3, null], // A, B and I accepted right after routing, well inside 24 h
      ['rate.complaint', percent(2, registered), 2, registered, null], // the low score's follow-up and the phoned one
      ['rate.return', 0.8, 3, 400, null], // 3 ÷ 400 = 0.75 %, half up
      ['rate.repeat_repair', 50, 1, 2, null], // B repeats A (same pump, same fault within 30 days)
      // Dispatch's repeat-repair event opens one quality claim, not triaged yet (no urgency, no
      // closure deadline); its 48 h first-contact reply is not due before the close: nothing late.
      ['quality_claims.opened', 1, null, null, null],
      ['quality_claims.closed', 0, null, null, null],
      ['quality_claims.overdue', 0, null, null, null],
      ['quality_claims.urgent.opened', 0, null, null, null],
      ['quality_claims.urgent.closed', 0, null, null, null],
      ['quality_claims.urgent.overdue', 0, null, null, null],
      ['quality_claims.normal.opened', 0, null, null, null],
      ['quality_claims.normal.closed', 0, null, null, null],
      ['quality_claims.normal.overdue', 0, null, null, null],
      ['quality_claims.untriaged.opened', 1, null, null, null],
      ['quality_claims.untriaged.closed', 0, null, null, null],
      ['quality_claims.untriaged.overdue', 0, null, null, null],
      ['quality_claims.late_replies', 0, null, null, null],
      ['quality_claims.late_replies_explained', null, 0, 0, null],
      ['satisfaction.overall', 87.5, 7, 8, true], // 4 + 3 ratings of 8 in the top two levels; target 85 %
      ['satisfaction.attitude', 100, 2, 2, true], // 4, 4
      ['satisfaction.technical_skill', 100, 2, 2, true], // 4, 3
      ['satisfaction.arrival_time', 50, 1, 2, false], // 4, 1
      ['satisfaction.commitments_kept', 100, 2, 2, true], // 4, 4
    ];
    const technician = {
      technicianId,
      jobs: 3, // A, B and I
      onTimeArrival: expect.objectContaining({ numerator: 3, denominator: 3, percent: 100 }),
      firstTimeFix: expect.objectContaining({ numerator: 2, denominator: 3, percent: 66.7 }), // A was repeated
      reworks: 0,
      repeatRepairs: 1, // A's failed fix is the technician's
      satisfaction: expect.objectContaining({ numerator: 7, denominator: 8, percent: 87.5 }),
      complaints: 1, // the confirmed one; the low score's follow-up is not checked
    };
    const asPrinted = (lines: Line[]) => lines.map((l) => [l.key, l.value, l.numerator, l.denominator, l.meetsTarget]);

    const report = async (): Promise<ReportBody> => (await ok(as('survey', ['manager'])('GET', `/monthly-reports/${month}`))) as unknown as ReportBody;
    // The report is generated once the month closed and revised as each owner's figures arrive.
    await until(async () => {
      const body = await report().catch(() => null);
      return body?.missingSources.length === 0 && JSON.stringify(asPrinted(body.lines)) === JSON.stringify(expected);
    }, 60_000, 'the report did not reach the hand-computed figures');
    const composed = await report();
    expect(composed.missingSources).toEqual([]);
    expect(asPrinted(composed.lines)).toEqual(expected);
    expect(composed.technicians).toEqual([expect.objectContaining(technician)]);

    // The PDF and the workbook, as a manager downloads them, contain the same figures.
    const download = async (accept: string) => {
      const token = await mintDevToken({ subject: 'manager-chen', tenantId: TENANT, roles: ['manager'], dir: path.join(os.tmpdir(), 'aftercare-test-keys') });
      const response = await fetch(`${system.survey.baseUrl}/api/v1/monthly-reports/${month}`, { headers: { authorization: `Bearer ${token}`, accept } });
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    };
    // Every line as a reader sees it: money in CNY with two decimals, a rate with its fraction.
    const unitOf = (key: string) =>
      key.startsWith('rate.') || key.startsWith('satisfaction.') || key.endsWith('_explained')
        ? 'percent'
        : key.endsWith('per_day')
          ? 'per_day'
          : key.endsWith('person_times') || key.startsWith('quality_claims.')
            ? 'count'
            : 'money';
    const printed = ([key, value, numerator, denominator]: (typeof expected)[number]) =>
      ({
        percent: `${value === null ? '—' : value.toFixed(1) + ' %'} (${numerator} / ${denominator})`,
        per_day: `${value?.toFixed(2)} (${numerator} / ${denominator})`,
        count: String(value),
        money: `CNY ${money(value!)}`,
      })[unitOf(key)];
    const text = pdfText(await download('application/pdf')).replace(/\s+/g, ' ');
    expect(expected.map(printed).filter((line) => !text.includes(line))).toEqual([]);
    expect(text).toContain(technicianId);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(XLSX)) as unknown as ExcelJS.Buffer);
    const rows: ExcelJS.CellValue[][] = [];
    book.getWorksheet('Report')!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
    // Key, printed value, numerator, denominator (the value cells of rates are formulas over the last two).
    const cells = (key: string) => {
      const row = rows.find((r) => r[2] === key) ?? [];
      return [key, row[4] ?? null, row[6] ?? null, row[7] ?? null];
    };
    expect(expected.map(([key]) => cells(key))).toEqual(expected.map((line) => [line[0], printed(line), line[2], line[3]]));
    expect(system.probe.messages.filter((m) => deadLetters.includes(m.topic))).toEqual([]);
  });
});

/** Minor units as the report prints money: 7200000 → "72,000.00". */
function money(minor: number): string {
  return `${Math.floor(minor / 100).toLocaleString('en-US')}.${String(minor % 100).padStart(2, '0')}`;
}
