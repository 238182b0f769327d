/** A point on the earth in decimal degrees (WGS 84). */
export interface GeoPoint {
  readonly lat: number;
  readonly lng: number;
}

/** Mean earth radius (IUGG), km. */
const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance between two points, in km (haversine formula). */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True when `p` holds finite coordinates inside the valid latitude / longitude ranges. */
export function isValidGeoPoint(p: unknown): p is GeoPoint {
  if (typeof p !== 'object' || p === null) return false;
  const { lat, lng } = p as Record<string, unknown>;
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    lat >= -90 &&
    lat <= 90 &&
    lng >= -180 &&
    lng <= 180
  );
}

/** Service zones of a site, used by the SLA defaults (city 6 h, suburb 7 h) and by technicians' coverage. */
export const ZONES = ['city', 'suburb', 'remote'] as const;
export type Zone = (typeof ZONES)[number];

export function isZone(z: unknown): z is Zone {
  return typeof z === 'string' && (ZONES as readonly string[]).includes(z);
}
