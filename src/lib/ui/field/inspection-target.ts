/**
 * The zone a field worker stands in, to preselect it for an inspection: of the zones containing
 * the position, one given to the worker first (分片包干), then the smallest, which is the grid cell
 * (网格) rather than the community it lies in.
 */
import { area, booleanPointInPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import type { ApiFeature } from '../api-client';

export function zoneAt(zones: Iterable<ApiFeature>, at: Position, mine: readonly number[] = []): ApiFeature | null {
	const containing: { zone: ApiFeature; areaM2: number; mine: boolean }[] = [];
	for (const zone of zones) {
		const g = zone.geometry;
		if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
		if (!booleanPointInPolygon(at, g)) continue;
		containing.push({ zone, areaM2: area(g), mine: mine.includes(zone.id) });
	}
	containing.sort((a, b) => Number(b.mine) - Number(a.mine) || a.areaM2 - b.areaM2);
	return containing[0]?.zone ?? null;
}
