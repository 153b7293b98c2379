import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { feature, type SeedFeature } from './feature';
import { centroid, compassSide, distance, nearestOnLine, outerRings, roundPolygon, type AreaGeometry, type LonLat } from './geo';
import { personName } from './names';
import { byOsmId, osmId, osmName, type OsmFeature } from './osm';
import type { Rng } from './random';
import type { Road } from './roads';

export interface Entrance {
	point: LonLat;
	side: '东' | '南' | '西' | '北';
	road: Road;
}

export interface Zone {
	id: string;
	name: string;
	responsible: string;
	geometry: AreaGeometry;
	centre: LonLat;
	areaM2: number;
	/** Where roads cross the compound's boundary, best first: gates are where boards and refuse rooms stand. */
	entrances: Entrance[];
}

const ENTRANCE_ROAD_RANK: Record<string, number> = { branch: 0, alley: 1, secondary: 2, main: 3, commercial: 2 };

function findEntrances(geometry: AreaGeometry, centre: LonLat, roads: readonly Road[]): Entrance[] {
	const found: Entrance[] = [];
	for (const ring of outerRings(geometry)) {
		const boundary = turf.lineString(ring);
		for (const road of roads) {
			if (road.structure) continue;
			for (const line of road.lines) {
				for (const hit of turf.lineIntersect(boundary, turf.lineString(line)).features) {
					const c = hit.geometry.coordinates;
					const point: LonLat = [c[0], c[1]];
					if (found.some((e) => distance(e.point, point) < 25)) continue;
					found.push({ point, side: compassSide(centre, point), road });
				}
			}
		}
	}
	if (found.length === 0) {
		// No road reaches the boundary: the gate is where the boundary comes closest to a road.
		let best: Entrance | undefined;
		let bestDistance = Infinity;
		for (const ring of outerRings(geometry))
			for (const road of roads)
				for (const line of road.lines)
					for (const v of line) {
						const near = nearestOnLine(ring, v);
						if (near.distance < bestDistance) {
							bestDistance = near.distance;
							best = { point: near.point, side: compassSide(centre, near.point), road };
						}
					}
		if (best) found.push(best);
	}
	// Internal roads first (a compound's gates), then by position so the order is stable.
	return found.sort((a, b) => ENTRANCE_ROAD_RANK[a.road.roadClass] - ENTRANCE_ROAD_RANK[b.road.roadClass] || a.point[0] - b.point[0] || a.point[1] - b.point[1]);
}

/** A descriptive name for a compound OSM leaves unnamed, from the nearest named road. */
function nameFromRoads(centre: LonLat, roads: readonly Road[]): string {
	let best: { name: string; point: LonLat; d: number } | undefined;
	for (const road of roads) {
		if (!road.name) continue;
		for (const line of road.lines) {
			const near = nearestOnLine(line, centre);
			if (!best || near.distance < best.d) best = { name: road.name, point: near.point, d: near.distance };
		}
	}
	return best ? `${best.name}${compassSide(best.point, centre)}侧住宅区` : '未命名住宅区';
}

export function buildZones(osmZones: readonly OsmFeature[], roads: readonly Road[], rng: Rng): { features: SeedFeature[]; zones: Zone[] } {
	const features: SeedFeature[] = [];
	const zones: Zone[] = [];
	const taken = new Set<string>();
	for (const f of byOsmId(osmZones)) {
		const p = f.properties;
		if (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon') continue;
		const source = f.geometry as Polygon | MultiPolygon;
		const geometry: AreaGeometry =
			source.type === 'MultiPolygon' && source.coordinates.length === 1
				? { type: 'Polygon', coordinates: roundPolygon(source.coordinates[0]) }
				: source.type === 'Polygon'
					? { type: 'Polygon', coordinates: roundPolygon(source.coordinates) }
					: { type: 'MultiPolygon', coordinates: source.coordinates.map(roundPolygon) };
		const centre = centroid(geometry);
		const generated: string[] = [];
		let name = osmName(p);
		if (!name) {
			name = nameFromRoads(centre, roads);
			generated.push('name');
		}
		const responsible = personName(rng, taken);
		const areaM2 = typeof p.area_m2 === 'number' ? p.area_m2 : turf.area(geometry);
		// Households from floor area: Beijing apartment compounds run at a plot ratio of about 2–3
		// with 75–95 m² flats; villa estates far lower.
		const villa = name.includes('别墅');
		const plotRatio = villa ? rng.range(0.4, 0.6) : rng.range(1.8, 2.8);
		const flatM2 = villa ? rng.range(200, 260) : rng.range(75, 95);
		const households = Math.max(1, Math.round((areaM2 * plotRatio) / flatM2));
		const population = Math.round(households * rng.range(2.4, 2.8));
		generated.push('responsible', 'population', 'households');
		const id = `zone-${p.osm_type}-${p.osm_id}`;
		features.push(feature(id, geometry, { name, responsible, population, households, source: 'osm', generatedFields: generated, osmId: osmId(p) }));
		zones.push({ id, name, responsible, geometry, centre, areaM2, entrances: findEntrances(geometry, centre, roads) });
	}
	return { features, zones };
}
