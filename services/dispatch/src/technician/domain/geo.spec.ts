import { haversineKm, isValidGeoPoint, isZone } from './geo';

describe('haversineKm', () => {
  it('measures known great-circle distances', () => {
    const shanghai = { lat: 31.2304, lng: 121.4737 };
    const beijing = { lat: 39.9042, lng: 116.4074 };
    expect(haversineKm(shanghai, beijing)).toBeCloseTo(1067.3, 0);
    // One degree of latitude ≈ 111.195 km on the mean sphere.
    expect(haversineKm({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111.195, 2);
  });

  it('is zero for the same point and symmetric', () => {
    const a = { lat: 48.1, lng: 11.6 };
    const b = { lat: 48.2, lng: 11.4 };
    expect(haversineKm(a, a)).toBe(0);
    expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 12);
  });

  it('handles antipodes and the date line', () => {
    expect(haversineKm({ lat: 0, lng: 0 }, { lat: 0, lng: 180 })).toBeCloseTo(Math.PI * 6371.0088, 3);
    expect(haversineKm({ lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 })).toBeCloseTo(111.195, 2);
  });
});

describe('isValidGeoPoint / isZone', () => {
  it('accepts finite in-range coordinates only', () => {
    expect(isValidGeoPoint({ lat: -90, lng: 180 })).toBe(true);
    for (const bad of [null, {}, { lat: 91, lng: 0 }, { lat: 0, lng: -181 }, { lat: Number.NaN, lng: 0 }, { lat: '1', lng: 2 }])
      expect(isValidGeoPoint(bad)).toBe(false);
  });

  it('knows the three zones', () => {
    expect(['city', 'suburb', 'remote'].every(isZone)).toBe(true);
    expect(isZone('downtown')).toBe(false);
  });
});
