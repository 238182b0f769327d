import { PermanentMessageError } from './failure';
import { assertSameTenant, TENANT_MISMATCH } from './tenant-consistency';

const refusal = (envelope: { tenantId: string; data: unknown }) => {
  try {
    assertSameTenant(envelope);
    return undefined;
  } catch (error) {
    return error;
  }
};

describe('assertSameTenant', () => {
  it("passes data that names the header's tenant", () => {
    expect(refusal({ tenantId: 'acme', data: { tenantId: 'acme', caseId: 'sr-1' } })).toBeUndefined();
  });

  it('passes data that names no tenant: integration messages carry it in the header only', () => {
    for (const data of [{ caseId: 'sr-1' }, { tenantId: null }, { tenantId: undefined }, 'text', 42, null, []]) {
      expect(refusal({ tenantId: 'acme', data })).toBeUndefined();
    }
  });

  it('refuses data of another tenant as permanent, naming both', () => {
    const error = refusal({ tenantId: 'acme', data: { tenantId: 'globex' } });
    expect(error).toBeInstanceOf(PermanentMessageError);
    expect(error).toMatchObject({ code: TENANT_MISMATCH, message: 'ce_tenantid acme differs from data.tenantId globex' });
  });

  it('refuses a tenant id of another type or case: ids are compared exactly', () => {
    expect(refusal({ tenantId: 'acme', data: { tenantId: 'ACME' } })).toMatchObject({ code: TENANT_MISMATCH });
    expect(refusal({ tenantId: '42', data: { tenantId: 42 } })).toMatchObject({ code: TENANT_MISMATCH, message: 'ce_tenantid 42 differs from data.tenantId 42' });
  });
});
