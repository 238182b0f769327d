import { thrownDomainError } from '@aftercare/ddd';
import { at, eventsNamed, fullReport, hours, lastEvent, newOrder, reach } from './__fixtures__/work-order.fixtures';
import { invoiceDueOnCompletion } from './billing';
import { WorkOrder } from './work-order';
import { ON_THE_JOB_STATUSES, WORK_ORDER_STATUSES } from './work-order.state-machine';

/** Misuse found on site turns the job to class A (issue 10, item 9; source 002 §6, source 003 §6). */
const inWarranty = () => reach('in_progress', newOrder({ terms: { receivedAt: at(0), serviceAgreement: null, qualityProblem: false, feeClass: 'C' } }));

describe('misuse flagged on the job', () => {
  it('turns a warranty job (class C) to class A: the technician collects payment; the flag is published once', () => {
    const o = inWarranty();
    expect(o.collectsPayment).toBe(false);
    expect(o.flagMisuse({ note: ' Pump run dry against the manual ', flaggedBy: ' tech-alice ', at: at(hours(2)) })).toBe(true);
    expect(o.terms).toMatchObject({ feeClass: 'A', misuse: { note: 'Pump run dry against the manual', flaggedBy: 'tech-alice', at: at(hours(2)), previousFeeClass: 'C' } });
    expect(o.collectsPayment).toBe(true);
    expect(lastEvent(o).data).toMatchObject({ technicianId: o.technicianId, previousFeeClass: 'C', feeClass: 'A', flaggedAt: at(hours(2)).toISOString() });
    expect(o.flagMisuse({ note: 'Again', flaggedBy: 'tech-alice', at: at(hours(3)) })).toBe(false);
    expect(eventsNamed(o, 'misuse-flagged')).toHaveLength(1);
    expect(o.terms.misuse?.note).toBe('Pump run dry against the manual');
  });

  it('so its completion is invoiced like any class A job; an unflagged warranty job is not', () => {
    const flagged = inWarranty();
    flagged.flagMisuse({ note: 'Run dry', flaggedBy: 'tech-alice', at: at(hours(2)) });
    flagged.complete({ report: fullReport(), at: at(hours(4)) });
    expect(invoiceDueOnCompletion(flagged)).toBe(true);
    const plain = inWarranty();
    plain.complete({ report: fullReport(), at: at(hours(4)) });
    expect(invoiceDueOnCompletion(plain)).toBe(false);
  });

  it('names a blank note', () => {
    expect(thrownDomainError(() => inWarranty().flagMisuse({ note: ' ', flaggedBy: 'tech-alice' })).fieldErrors.map((f) => f.field)).toEqual(['note']);
  });

  it.each(WORK_ORDER_STATUSES.filter((s) => !ON_THE_JOB_STATUSES.includes(s)))('is refused in %s (409): only on the job, before the report', (status) => {
    const o = reach(status);
    expect(thrownDomainError(() => o.flagMisuse({ note: 'Run dry', flaggedBy: 'tech-alice', at: at(hours(30)) })).code).toBe('WORK_ORDER_ILLEGAL_TRANSITION');
  });

  it('survives the snapshot round trip; older orders have none', () => {
    const o = inWarranty();
    o.flagMisuse({ note: 'Run dry', flaggedBy: 'tech-alice', at: at(hours(2)) });
    expect(WorkOrder.fromSnapshot(o.toSnapshot()).terms.misuse?.previousFeeClass).toBe('C');
    expect(inWarranty().terms.misuse ?? null).toBeNull();
  });
});
