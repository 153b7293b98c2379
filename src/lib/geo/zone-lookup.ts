/**
 * Zones for the coverage and gap reports: their id and name as the CLI prints them, and which
 * zone a point falls in.
 *
 * A point lying in several overlapping zones belongs to the FIRST of them in input order, so every
 * target or road piece is counted in at most one zone and the per-zone figures add up.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { buildZoneIndex } from './zone-index';
import { featuresOf } from './point-layer';
import { GeometryTypeError } from './geometry-type-error';

export interface ZoneRef {
	/** The feature's `id`, else `properties.id`, else its index in the input. */
	id: string | number;
	name: string | null;
}

export interface ZoneLookup {
	readonly zones: readonly ZoneRef[];
	/** Index of the first zone containing the point, or -1. */
	zoneAt(lon: number, lat: number): number;
}

export function zoneRefOf(feature: Feature, index: number): ZoneRef {
	const props = feature.properties ?? {};
	const id = feature.id ?? (typeof props.id === 'string' || typeof props.id === 'number' ? props.id : index);
	return { id, name: typeof props.name === 'string' ? props.name : null };
}

export function buildZoneLookup(input: FeatureCollection | readonly Feature[], layer = 'zones'): ZoneLookup {
	const features = featuresOf(input);
	features.forEach((f, i) => {
		const t = f?.geometry?.type;
		if (t !== 'Polygon' && t !== 'MultiPolygon') throw new GeometryTypeError(layer, i, t ?? 'null', ['Polygon', 'MultiPolygon']);
	});
	const zones = features.map(zoneRefOf);
	// The one point-in-zone engine (zone-index.ts): the first zone in input order, edges included.
	const index = buildZoneIndex(features.map((f) => f.geometry as Polygon | MultiPolygon));
	return { zones, zoneAt: (lon, lat) => index.zoneAt(lon, lat) };
}
