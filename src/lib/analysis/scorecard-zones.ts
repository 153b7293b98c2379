/**
 * Which zone each feature of a scorecard belongs to. Points by where they are; lines (roads,
 * drains) by the point halfway along them, so a feature counts in exactly one zone (the first in
 * input order when zones overlap, as everywhere else: zone-assign.ts).
 */
import { along, length } from '@turf/turf';
import type { Feature, Geometry, LineString, Point, Position } from 'geojson';
import { assignPointsToZones } from './zone-assign';

/** The point halfway along a line (its first part for a MultiLineString); a Point as it is; else null. */
export function representativePoint(geometry: Geometry | null): Position | null {
	if (!geometry) return null;
	if (geometry.type === 'Point') return geometry.coordinates;
	const line = geometry.type === 'LineString' ? geometry.coordinates : geometry.type === 'MultiLineString' ? geometry.coordinates[0] : null;
	if (!line || line.length === 0) return null;
	if (line.length === 1) return line[0];
	const feature: Feature<LineString> = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } };
	return along(feature, length(feature) / 2).geometry.coordinates;
}

/** For each feature, the index of its zone in `zones`, or -1. */
export function zoneOfEach(features: readonly Feature[], zones: readonly Feature[]): Int32Array {
	const points: Feature<Point | null>[] = features.map((f) => {
		const p = representativePoint(f.geometry);
		return { type: 'Feature', properties: {}, geometry: p ? { type: 'Point', coordinates: p } : null };
	});
	return assignPointsToZones(points, zones).zoneOfPoint;
}
