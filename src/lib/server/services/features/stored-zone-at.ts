import { buildZoneIndex, OUTSIDE_ALL_ZONES } from '../../../geo/zone-index';
import { zoneGeometries } from '../../../analysis/zone-assign';
import type { FeatureReads, StoredFeature } from '../../store/types';

/** The stored zone a point lies in (the first of overlapping ones, as every zone figure counts it), or null. */
export async function storedZoneAt(features: FeatureReads, lon: number, lat: number): Promise<StoredFeature | null> {
	const zones = await features.all('zone');
	const index = buildZoneIndex(zoneGeometries(zones.map((z) => ({ type: 'Feature', geometry: z.geometry, properties: z.properties }))));
	const i = index.zoneAt(lon, lat);
	return i === OUTSIDE_ALL_ZONES ? null : zones[i];
}
