import { type InstalledBaseRecord, applyMisuse, assertEntitlementDecision, decideEntitlement } from './entitlement';

const record = (overrides: Partial<InstalledBaseRecord> = {}): InstalledBaseRecord => ({
  serialNumber: 'SN-0001',
  productModel: 'P-200',
  purchaseDate: '2023-04-01',
  warrantyEnd: '2025-03-31',
  serviceContract: null,
  ...overrides,
});
const contract = (validFrom: string, validTo: string) => ({ id: 'SC-9', validFrom, validTo });
const on = (iso: string) => new Date(iso);

describe('decideEntitlement', () => {
  describe('in warranty → class C (free)', () => {
    it('during the warranty', () => {
      expect(decideEntitlement({ installedBase: record(), productModel: 'P-200', caseDate: on('2024-11-05T10:00:00Z') })).toEqual({
        entitlement: 'in_warranty',
        feeClass: 'C',
        reason: 'warranty_valid',
        contractId: null,
      });
    });

    it('on the warranty end day itself, to its last millisecond', () => {
      expect(decideEntitlement({ installedBase: record(), caseDate: on('2025-03-31T00:00:00.000Z') }).entitlement).toBe('in_warranty');
      expect(decideEntitlement({ installedBase: record(), caseDate: on('2025-03-31T23:59:59.999Z') }).entitlement).toBe('in_warranty');
    });

    it('on the purchase day', () => {
      expect(decideEntitlement({ installedBase: record(), caseDate: on('2023-04-01T08:00:00Z') }).feeClass).toBe('C');
    });

    it('warranty wins over a valid contract (free before paid)', () => {
      const decision = decideEntitlement({ installedBase: record({ serviceContract: contract('2024-01-01', '2026-12-31') }), caseDate: on('2025-01-10T00:00:00Z') });
      expect(decision).toMatchObject({ entitlement: 'in_warranty', feeClass: 'C', contractId: null });
    });

    it('reads the case date as a calendar day in the tenant time zone', () => {
      // 2025-03-31T20:00Z is already 1 April in Shanghai, still 31 March in UTC
      const caseDate = on('2025-03-31T20:00:00Z');
      expect(decideEntitlement({ installedBase: record(), caseDate }).entitlement).toBe('in_warranty');
      expect(decideEntitlement({ installedBase: record(), caseDate, timeZone: 'Asia/Shanghai' }).entitlement).toBe('out_of_warranty');
    });
  });

  describe('contract → class B', () => {
    const base = record({ warrantyEnd: '2024-03-31' });

    it('inside the contract period', () => {
      expect(decideEntitlement({ installedBase: { ...base, serviceContract: contract('2024-04-01', '2025-03-31') }, caseDate: on('2024-09-01T00:00:00Z') })).toEqual({
        entitlement: 'contract',
        feeClass: 'B',
        reason: 'contract_valid',
        contractId: 'SC-9',
      });
    });

    it('on the first and on the last day of the contract', () => {
      const installedBase = { ...base, serviceContract: contract('2024-04-01', '2025-03-31') };
      expect(decideEntitlement({ installedBase, caseDate: on('2024-04-01T00:00:00Z') }).feeClass).toBe('B');
      expect(decideEntitlement({ installedBase, caseDate: on('2025-03-31T23:59:59Z') }).feeClass).toBe('B');
    });
  });

  describe('out of warranty → class A (paid, quotation)', () => {
    it('the day after the warranty ended', () => {
      expect(decideEntitlement({ installedBase: record(), caseDate: on('2025-04-01T00:00:00Z') })).toEqual({
        entitlement: 'out_of_warranty',
        feeClass: 'A',
        reason: 'warranty_expired',
        contractId: null,
      });
    });

    it('a contract not yet valid', () => {
      const installedBase = record({ warrantyEnd: '2024-03-31', serviceContract: contract('2025-01-01', '2025-12-31') });
      expect(decideEntitlement({ installedBase, caseDate: on('2024-12-31T23:00:00Z') })).toMatchObject({
        entitlement: 'out_of_warranty',
        feeClass: 'A',
        reason: 'contract_not_yet_valid',
      });
    });

    it('an expired contract', () => {
      const installedBase = record({ warrantyEnd: '2024-03-31', serviceContract: contract('2024-04-01', '2025-03-31') });
      expect(decideEntitlement({ installedBase, caseDate: on('2025-04-01T00:00:00Z') })).toMatchObject({
        entitlement: 'out_of_warranty',
        feeClass: 'A',
        reason: 'contract_expired',
      });
    });

    it('no warranty on record and no contract', () => {
      expect(decideEntitlement({ installedBase: record({ warrantyEnd: null }), caseDate: on('2024-01-01T00:00:00Z') })).toMatchObject({
        entitlement: 'out_of_warranty',
        reason: 'no_warranty',
      });
    });
  });

  describe('unknown → flagged for the agent', () => {
    it('no installed-base record', () => {
      for (const installedBase of [null, undefined]) {
        expect(decideEntitlement({ installedBase, productModel: 'P-200', caseDate: on('2025-01-01T00:00:00Z') })).toEqual({
          entitlement: 'unknown',
          feeClass: null,
          reason: 'no_installed_base_record',
          contractId: null,
        });
      }
    });

    it('the case names another model than the installed base', () => {
      expect(decideEntitlement({ installedBase: record(), productModel: 'P-300', caseDate: on('2025-01-01T00:00:00Z') })).toMatchObject({
        entitlement: 'unknown',
        feeClass: null,
        reason: 'model_mismatch',
      });
    });

    it('compares models trimmed and case-insensitively; a case without a model is not a mismatch', () => {
      expect(decideEntitlement({ installedBase: record(), productModel: ' p-200 ', caseDate: on('2025-01-01T00:00:00Z') }).entitlement).toBe('in_warranty');
      expect(decideEntitlement({ installedBase: record(), productModel: null, caseDate: on('2025-01-01T00:00:00Z') }).entitlement).toBe('in_warranty');
    });

    it('the installed base says the asset was bought after the case date', () => {
      expect(decideEntitlement({ installedBase: record({ purchaseDate: '2025-06-01' }), caseDate: on('2025-05-31T12:00:00Z') }).reason).toBe(
        'purchase_after_case_date',
      );
    });
  });

  describe('misuse is charged even in warranty', () => {
    const caseDate = on('2024-11-05T10:00:00Z');

    it('in warranty → class A, the coverage stays visible', () => {
      expect(decideEntitlement({ installedBase: record(), caseDate, misuse: true })).toEqual({
        entitlement: 'in_warranty',
        feeClass: 'A',
        reason: 'misuse_charged',
        contractId: null,
      });
    });

    it('under contract → class A, the contract is named', () => {
      const installedBase = record({ warrantyEnd: '2024-03-31', serviceContract: contract('2024-04-01', '2025-03-31') });
      expect(decideEntitlement({ installedBase, caseDate, misuse: true })).toEqual({
        entitlement: 'contract',
        feeClass: 'A',
        reason: 'misuse_charged',
        contractId: 'SC-9',
      });
    });

    it('out of warranty stays class A with its own reason', () => {
      expect(decideEntitlement({ installedBase: record(), caseDate: on('2025-06-01T00:00:00Z'), misuse: true })).toMatchObject({
        feeClass: 'A',
        reason: 'warranty_expired',
      });
    });

    it('unknown stays unknown: the agent decides', () => {
      expect(decideEntitlement({ installedBase: null, caseDate, misuse: true })).toMatchObject({ entitlement: 'unknown', feeClass: null });
    });

    it('applyMisuse does not change its input', () => {
      const decision = decideEntitlement({ installedBase: record(), caseDate });
      expect(applyMisuse(decision).feeClass).toBe('A');
      expect(decision.feeClass).toBe('C');
    });
  });

  describe('bad input', () => {
    it.each([
      ['warrantyEnd', record({ warrantyEnd: '2025-02-30' })],
      ['purchaseDate', record({ purchaseDate: '01.04.2023' })],
      ['validFrom', record({ serviceContract: contract('2024-13-01', '2025-01-01') })],
      ['validFrom must not be after validTo', record({ serviceContract: contract('2025-01-02', '2025-01-01') })],
      ['productModel', record({ productModel: ' ' })],
    ])('rejects an installed-base record with a bad %s', (problem, installedBase) => {
      expect(() => decideEntitlement({ installedBase, caseDate: on('2025-01-01T00:00:00Z') })).toThrow(
        expect.objectContaining({ code: 'SERVICE_REQUEST_INVALID_INSTALLED_BASE', kind: 'invalid', message: expect.stringContaining(problem) }),
      );
    });

    it('rejects an invalid case date and an unknown time zone', () => {
      expect(() => decideEntitlement({ installedBase: record(), caseDate: new Date('nope') })).toThrow(/caseDate/);
      expect(() => decideEntitlement({ installedBase: record(), caseDate: on('2025-01-01T00:00:00Z'), timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
    });
  });
});

describe('assertEntitlementDecision', () => {
  it.each([
    { entitlement: 'in_warranty', feeClass: 'C', reason: 'warranty_valid', contractId: null },
    { entitlement: 'in_warranty', feeClass: 'A', reason: 'misuse_charged', contractId: null },
    { entitlement: 'contract', feeClass: 'B', reason: 'contract_valid', contractId: 'SC-1' },
    { entitlement: 'out_of_warranty', feeClass: 'A', reason: 'agent_decision', contractId: null },
    { entitlement: 'unknown', feeClass: null, reason: 'model_mismatch', contractId: null },
  ])('accepts $entitlement/$feeClass', (decision) => {
    expect(() => assertEntitlementDecision(decision)).not.toThrow();
  });

  it.each([
    { entitlement: 'in_warranty', feeClass: 'B', reason: 'warranty_valid', contractId: null },
    { entitlement: 'out_of_warranty', feeClass: 'C', reason: 'warranty_expired', contractId: null },
    { entitlement: 'unknown', feeClass: 'A', reason: 'model_mismatch', contractId: null },
    { entitlement: 'contract', feeClass: 'B', reason: 'because', contractId: 'SC-1' },
    { entitlement: 'free', feeClass: 'C', reason: 'warranty_valid', contractId: null },
    { entitlement: 'contract', feeClass: 'B', reason: 'contract_valid', contractId: ' ' },
  ])('rejects $entitlement/$feeClass/$reason', (decision) => {
    expect(() => assertEntitlementDecision(decision)).toThrow(expect.objectContaining({ code: 'SERVICE_REQUEST_INVALID_ENTITLEMENT' }));
  });
});
