import { Injectable } from '@nestjs/common';
import type { GeoPoint, Zone } from '../../technician/domain';
import { SiteGeocoder } from '../application/site-geocoder';

/**
 * STAND-IN for a geocoder: every site is placed at a fixed point of its zone (Shanghai's centre,
 * a suburb ring point, a remote county town), whatever the address. Deterministic, so assignment
 * decisions are reproducible; distances between technicians' bases and sites of one zone are thus
 * distances to the zone's point. Replace with a real geocoding adapter when one is available.
 */
export const ZONE_CENTROIDS: Readonly<Record<Zone, GeoPoint>> = {
  city: { lat: 31.2304, lng: 121.4737 }, // People's Square, Shanghai
  suburb: { lat: 31.0456, lng: 121.3997 }, // Minhang
  remote: { lat: 30.7416, lng: 121.3413 }, // Jinshan
};

@Injectable()
export class ZoneCentroidGeocoder extends SiteGeocoder {
  async locate(site: { zone: Zone }): Promise<GeoPoint> {
    return ZONE_CENTROIDS[site.zone];
  }
}
