import { DomainError } from '@aftercare/ddd';
import { at, days, T0 } from './__fixtures__/work-order.fixtures';
import { CompletedRepair, detectRepeatRepair, suspectRepeatRepair } from './repeat-repair';

const current: CompletedRepair = {
  workOrderId: 'wo-2',
  caseId: 'case-2',
  tenantId: 'tenant-a',
  serialNo: 'SN-1',
  faultCategory: 'seal-leak',
  completedAt: T0,
  technicianId: 'tech-b',
};
const earlier = (overrides: Partial<CompletedRepair> = {}): CompletedRepair => ({
  workOrderId: 'wo-1',
  caseId: 'case-1',
  tenantId: 'tenant-a',
  serialNo: 'SN-1',
  faultCategory: 'seal-leak',
  completedAt: at(-days(10)),
  technicianId: 'tech-a',
  ...overrides,
});

describe('detectRepeatRepair', () => {
  it('finds the same serial and fault category inside the window', () => {
    expect(detectRepeatRepair(current, [earlier()])).toEqual({
      workOrderId: 'wo-2',
      caseId: 'case-2',
      tenantId: 'tenant-a',
      serialNo: 'SN-1',
      faultCategory: 'seal-leak',
      completedAt: T0,
      technicianId: 'tech-b',
      previousWorkOrderId: 'wo-1',
      previousCaseId: 'case-1',
      previousCompletedAt: at(-days(10)),
      previousTechnicianId: 'tech-a',
      daysBetween: 10,
      windowDays: 30,
    });
  });

  it('counts exactly 30 days as inside, one millisecond more as outside', () => {
    expect(detectRepeatRepair(current, [earlier({ completedAt: at(-days(30)) })])?.daysBetween).toBe(30);
    expect(detectRepeatRepair(current, [earlier({ completedAt: at(-days(30) - 1) })])).toBeNull();
  });

  it('ignores repairs outside the window', () => {
    expect(detectRepeatRepair(current, [earlier({ completedAt: at(-days(45)) })])).toBeNull();
  });

  it('honours a configured window', () => {
    expect(detectRepeatRepair(current, [earlier({ completedAt: at(-days(45)) })], { windowDays: 60 })).not.toBeNull();
    expect(detectRepeatRepair(current, [earlier()], { windowDays: 7 })).toBeNull();
    expect(() => detectRepeatRepair(current, [], { windowDays: 0 })).toThrow(DomainError);
  });

  it('ignores a different fault category, but compares categories case-insensitively', () => {
    expect(detectRepeatRepair(current, [earlier({ faultCategory: 'bearing-noise' })])).toBeNull();
    expect(detectRepeatRepair(current, [earlier({ faultCategory: ' Seal-Leak ' })])).not.toBeNull();
  });

  it('ignores a different serial and another tenant’s asset', () => {
    expect(detectRepeatRepair(current, [earlier({ serialNo: 'SN-2' })])).toBeNull();
    expect(detectRepeatRepair(current, [earlier({ tenantId: 'tenant-b' })])).toBeNull();
  });

  it('ignores the order itself and completions after it', () => {
    expect(detectRepeatRepair(current, [current, earlier({ workOrderId: 'wo-3', completedAt: at(days(1)) })])).toBeNull();
  });

  it('reports the latest earlier repair when several match, with fractional days', () => {
    const f = detectRepeatRepair(current, [
      earlier({ workOrderId: 'old', completedAt: at(-days(20)) }),
      earlier({ workOrderId: 'recent', completedAt: at(-days(2.5)) }),
      earlier({ workOrderId: 'other-cat', faultCategory: 'x', completedAt: at(-days(1)) }),
    ]);
    expect(f?.previousWorkOrderId).toBe('recent');
    expect(f?.daysBetween).toBe(2.5);
  });

  it('returns null without history', () => {
    expect(detectRepeatRepair(current, [])).toBeNull();
  });
});

describe('suspectRepeatRepair (before the fault is known: assignment)', () => {
  const repair = { id: 'wo-2', type: 'repair' };

  it('a repair of an asset completed within the window repeats it: the last technician’s fix failed', () => {
    expect(suspectRepeatRepair(repair, [earlier({ completedAt: at(-days(40)), technicianId: 'tech-old' }), earlier()], T0)).toEqual({
      repeatRepair: true,
      failedFixTechnicianId: 'tech-a',
      lastTechnicianId: 'tech-a',
    });
  });

  it('the window boundary counts as inside; a day past it is continuity only', () => {
    expect(suspectRepeatRepair(repair, [earlier({ completedAt: at(-days(30)) })], T0).repeatRepair).toBe(true);
    expect(suspectRepeatRepair(repair, [earlier({ completedAt: at(-days(31)) })], T0)).toEqual({
      repeatRepair: false,
      failedFixTechnicianId: null,
      lastTechnicianId: 'tech-a',
    });
    expect(suspectRepeatRepair(repair, [earlier({ completedAt: at(-days(10)) })], T0, { windowDays: 7 }).repeatRepair).toBe(false);
  });

  it('another request type (maintenance, installation…) is no repeat repair and keeps continuity', () => {
    expect(suspectRepeatRepair({ id: 'wo-2', type: 'maintenance' }, [earlier()], T0)).toEqual({
      repeatRepair: false,
      failedFixTechnicianId: null,
      lastTechnicianId: 'tech-a',
    });
  });

  it('ignores the order itself and jobs completed after the call; no history means nothing to avoid', () => {
    expect(suspectRepeatRepair(repair, [earlier({ workOrderId: 'wo-2' }), earlier({ completedAt: at(days(1)) })], T0)).toEqual({
      repeatRepair: false,
      failedFixTechnicianId: null,
      lastTechnicianId: null,
    });
  });

  it('refuses a window that is not positive', () => {
    expect(() => suspectRepeatRepair(repair, [], T0, { windowDays: 0 })).toThrow(DomainError);
  });
});
