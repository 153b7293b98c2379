/**
 * How a zone is named in analysis output. The id rule matches what scripts expect from the CLI:
 * the feature's own `id`, else `properties.id`, else its position in the input.
 */
import type { Feature, Geometry } from 'geojson';

export type ZoneId = string | number;

export function zoneIdOf(zone: Feature<Geometry | null>, index: number): ZoneId {
	if (typeof zone.id === 'string' || typeof zone.id === 'number') return zone.id;
	const own = zone.properties?.id;
	if (typeof own === 'string' || typeof own === 'number') return own;
	return index;
}

export function zoneNameOf(zone: Feature<Geometry | null>): string | null {
	const name = zone.properties?.name;
	return typeof name === 'string' ? name : null;
}
