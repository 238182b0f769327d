import type { GeoPoint, Zone } from '../../technician/domain';

/**
 * Where a site is. intake's routed event carries the address and the zone but no coordinates, and
 * ranking needs them (distance → ETA). A real geocoder (or coordinates in a later, additive
 * version of the routed contract) plugs in here.
 */
export abstract class SiteGeocoder {
  abstract locate(site: { address: string; zone: Zone; tenantId: string }): Promise<GeoPoint>;
}
