/**
 * Points into zones: for each point the zone containing it (first in input order when zones touch
 * or overlap, so a point on a shared boundary counts once), and the count per zone.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { buildZoneIndex, OUTSIDE_ALL_ZONES } from '../geo/zone-index';
import { featuresOf, type FeatureInput } from './zone-input';

export { OUTSIDE_ALL_ZONES };

export interface ZoneAssignment {
	/** Per input point: the zone's index in the zones input, or OUTSIDE_ALL_ZONES (-1). */
	zoneOfPoint: Int32Array;
	/** Points per zone, in zone input order. */
	counts: number[];
	/** Points with a Point geometry that fall in no zone. */
	outside: number;
	/** Features without a usable Point geometry (null, another type, non-finite coordinates); also -1 in zoneOfPoint. */
	unlocated: number;
}

export function zoneGeometries(zones: FeatureInput): (Polygon | MultiPolygon | null)[] {
	return featuresOf(zones).map((zone) => {
		const g = zone.geometry;
		return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? g : null;
	});
}

export function assignPointsToZones(points: FeatureInput, zones: FeatureInput): ZoneAssignment {
	const zoneList = featuresOf(zones);
	const pointList = featuresOf(points);
	const index = buildZoneIndex(zoneGeometries(zoneList));
	const zoneOfPoint = new Int32Array(pointList.length).fill(OUTSIDE_ALL_ZONES);
	const counts = new Array<number>(zoneList.length).fill(0);
	let outside = 0;
	let unlocated = 0;
	for (let i = 0; i < pointList.length; i++) {
		const g = pointList[i].geometry;
		if (!g || g.type !== 'Point' || !Number.isFinite(g.coordinates[0]) || !Number.isFinite(g.coordinates[1])) {
			unlocated++;
			continue;
		}
		const zone = index.zoneAt(g.coordinates[0], g.coordinates[1]);
		zoneOfPoint[i] = zone;
		if (zone === OUTSIDE_ALL_ZONES) outside++;
		else counts[zone]++;
	}
	return { zoneOfPoint, counts, outside, unlocated };
}
