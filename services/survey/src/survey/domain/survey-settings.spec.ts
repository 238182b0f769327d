import { DomainError } from '@aftercare/ddd';
import { DEFAULT_SURVEY_SETTINGS, assertSettings, settingsErrors, targetPercentFor, thresholdFor } from './survey-settings';
import { settings } from './testing/builders';

describe('survey settings', () => {
  it('defaults: 85 % target, threshold 2, yearly relationship surveys, reminder before expiry', () => {
    expect(settingsErrors(DEFAULT_SURVEY_SETTINGS)).toEqual([]);
    expect(targetPercentFor(DEFAULT_SURVEY_SETTINGS, 2026)).toBe(85);
    expect(thresholdFor(DEFAULT_SURVEY_SETTINGS, 'arrival_time')).toBe(2);
    expect(DEFAULT_SURVEY_SETTINGS.relationshipCadence).toBe('yearly');
  });

  it('expresses the 95 / 97 / 98 % plan as one target per year, the default elsewhere', () => {
    const plan = assertSettings(settings({ targetsByYear: { '2026': 95, '2027': 97, '2028': 98 } }));
    expect([2025, 2026, 2027, 2028, 2029].map((y) => targetPercentFor(plan, y))).toEqual([85, 95, 97, 98, 85]);
  });

  it('takes a threshold per criterion', () => {
    const s = settings({ defaultThreshold: 2, thresholds: { arrival_time: 3 } });
    expect([thresholdFor(s, 'arrival_time'), thresholdFor(s, 'attitude')]).toEqual([3, 2]);
  });

  it.each([
    ['a reminder after expiry', { remindAfterHours: 400, expireAfterHours: 300 }, 'remindAfterHours'],
    ['a zero expiry', { expireAfterHours: 0 }, 'expireAfterHours'],
    ['a fractional threshold', { defaultThreshold: 1.5 }, 'defaultThreshold'],
    ['a zero criterion threshold', { thresholds: { attitude: 0 } }, 'thresholds.attitude'],
    ['a target above 100 %', { defaultTargetPercent: 101 }, 'defaultTargetPercent'],
    ['a year that is not a year', { targetsByYear: { next: 90 } }, 'targetsByYear.next'],
    ['a zero target for a year', { targetsByYear: { '2027': 0 } }, 'targetsByYear.2027'],
    ['an unknown cadence', { relationshipCadence: 'monthly' as never }, 'relationshipCadence'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
  ])('refuses %s', (_label, change, field) => {
    const s = settings(change);
    expect(settingsErrors(s).map((e) => e.field)).toContain(field);
    expect(() => assertSettings(s)).toThrow(DomainError);
  });
});
