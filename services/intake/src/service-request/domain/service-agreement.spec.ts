import { DEFAULT_AGREEMENT_LEVEL, serviceAgreementOf } from './service-agreement';
import type { InstalledBaseRecord } from './entitlement';

const record = (serviceContract: InstalledBaseRecord['serviceContract']): InstalledBaseRecord => ({
  serialNumber: 'SN-1',
  productModel: 'P-200',
  warrantyEnd: '2025-12-31',
  serviceContract,
});
const premium = { id: 'SC-1', validFrom: '2025-01-01', validTo: '2025-12-31', level: 'premium' };

describe('serviceAgreementOf', () => {
  it('is the contract valid on the case day, with its level, whatever the warranty says', () => {
    expect(serviceAgreementOf(record(premium), new Date('2025-06-01T10:00:00Z'))).toEqual({
      id: 'SC-1',
      level: 'premium',
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
    });
  });

  it('covers the first and the last day (inclusive)', () => {
    expect(serviceAgreementOf(record(premium), new Date('2025-01-01T00:00:00Z'))?.id).toBe('SC-1');
    expect(serviceAgreementOf(record(premium), new Date('2025-12-31T23:59:59Z'))?.id).toBe('SC-1');
  });

  it('reads the case day in the tenant time zone', () => {
    // 2024-12-31 17:00 UTC is already 2025-01-01 in Shanghai.
    const lateOnNewYearsEve = new Date('2024-12-31T17:00:00Z');
    expect(serviceAgreementOf(record(premium), lateOnNewYearsEve, 'UTC')).toBeNull();
    expect(serviceAgreementOf(record(premium), lateOnNewYearsEve, 'Asia/Shanghai')?.level).toBe('premium');
  });

  it('is none before the contract starts, after it ends, without a contract or without a record', () => {
    expect(serviceAgreementOf(record(premium), new Date('2024-12-31T10:00:00Z'))).toBeNull();
    expect(serviceAgreementOf(record(premium), new Date('2026-01-01T10:00:00Z'))).toBeNull();
    expect(serviceAgreementOf(record(null), new Date('2025-06-01T10:00:00Z'))).toBeNull();
    expect(serviceAgreementOf(null, new Date('2025-06-01T10:00:00Z'))).toBeNull();
  });

  it('reads a contract without a level as standard, and levels in lower case', () => {
    const { level: _level, ...noLevel } = premium;
    expect(serviceAgreementOf(record(noLevel), new Date('2025-06-01T10:00:00Z'))?.level).toBe(DEFAULT_AGREEMENT_LEVEL);
    expect(serviceAgreementOf(record({ ...premium, level: '  ' }), new Date('2025-06-01T10:00:00Z'))?.level).toBe('standard');
    expect(serviceAgreementOf(record({ ...premium, level: ' Premium ' }), new Date('2025-06-01T10:00:00Z'))?.level).toBe('premium');
  });
});
