import type { MultiPolygon, Polygon } from 'geojson';
import type { RoadClass } from '../../src/lib/domain/road-class';
import { feature, pad, type SeedFeature } from './feature';
import { distance, insideArea, lineLength, nearestOnLine, outerRings, pointBeside, roundPoint, sliceLine, towards, type Line, type LonLat } from './geo';
import { byOsmId, osmName, type OsmFeature } from './osm';
import { dateBetween, type Rng } from './random';
import type { Road } from './roads';

/**
 * Spacing between bins along each road class, in metres. Near the CJJ 27 maxima (100 / 200 / 400 m)
 * so most roads comply while random jitter and short ways leave some places a planner should see.
 */
const SPACING: Record<RoadClass, [number, number]> = {
	commercial: [60, 95],
	main: [165, 200],
	secondary: [175, 200],
	branch: [280, 390],
	alley: [270, 390]
};

/** No bin within this many metres of a deliberate gap, so no analysis can find one covering it. */
const GAP_CLEARANCE = 60;
const MIN_BIN_SPACING = 25;

/** Roads that get bins: no bridges or parking aisles; of the plain service ways only longer lanes. */
function carriesBins(road: Road): boolean {
	if (road.structure || road.service === 'parking_aisle') return false;
	if (road.roadClass === 'alley') return road.service === 'alley' || road.length >= 200;
	return true;
}

/**
 * Deliberate long gaps: on the three longest main or secondary streets (distinct names), a
 * stretch of 440–520 m with no bin — what the spacing analysis should find and the siting fill.
 */
export function chooseGaps(roads: readonly Road[], rng: Rng): { road: Road; slice: Line }[] {
	const candidates = roads
		.filter((r) => (r.roadClass === 'main' || r.roadClass === 'secondary') && !r.structure && r.name)
		.flatMap((r) => r.lines.map((line) => ({ road: r, line, length: lineLength(line) })))
		.filter((c) => c.length >= 600)
		.sort((a, b) => b.length - a.length || a.road.osmId.localeCompare(b.road.osmId));
	const gaps: { road: Road; slice: Line }[] = [];
	const names = new Set<string>();
	for (const c of candidates) {
		if (gaps.length === 3) break;
		if (names.has(c.road.name!)) continue;
		names.add(c.road.name!);
		const gapLength = rng.range(440, 520);
		const start = rng.range(30, Math.max(30, c.length - gapLength - 30));
		gaps.push({ road: c.road, slice: sliceLine(c.line, start, Math.min(c.length, start + gapLength)) });
	}
	return gaps;
}

export function buildBins(
	roads: readonly Road[],
	buildings: readonly OsmFeature[],
	gaps: readonly { slice: Line }[],
	rng: Rng
): SeedFeature[] {
	const inGap = (p: LonLat) => gaps.some((g) => nearestOnLine(g.slice, p).distance < GAP_CLEARANCE);
	const sites: { point: LonLat; roadClass: RoadClass }[] = [];
	const free = (p: LonLat) => insideArea(p) && !inGap(p) && sites.every((s) => distance(s.point, p) >= MIN_BIN_SPACING);

	for (const road of roads) {
		if (!carriesBins(road)) continue;
		const [min, max] = SPACING[road.roadClass];
		for (const line of road.lines) {
			const length = lineLength(line);
			// The first bin falls anywhere within one spacing of the start, so a way shorter than the
			// spacing gets a bin with probability length / spacing: the density is right on average.
			for (let s = rng.range(0, (min + max) / 2); s < length; s += rng.range(min, max)) {
				// Bins stand on the kerb 2–6 m from the centreline; on one-way carriageways the kerb is on the right.
				const side = rng.range(2, 6) * (road.oneway || rng.chance(0.5) ? 1 : -1);
				const point = pointBeside(line, s, side);
				if (free(point)) sites.push({ point, roadClass: road.roadClass });
			}
		}
	}

	// A few bins by the doors of the largest named buildings (gym, teaching blocks): 3 m out from
	// the wall at the point nearest a road, which is where the entrance usually is.
	const binRoads = roads.filter(carriesBins);
	const named = byOsmId(buildings)
		.filter((b) => osmName(b.properties) && (b.geometry.type === 'Polygon' || b.geometry.type === 'MultiPolygon'))
		.sort((a, b) => Number(b.properties.area_m2 ?? 0) - Number(a.properties.area_m2 ?? 0));
	let byEntrance = 0;
	for (const b of named) {
		if (byEntrance === 4) break;
		const ring = outerRings(b.geometry as Polygon | MultiPolygon)[0];
		let best: { wall: LonLat; road: LonLat; d: number } | undefined;
		for (const road of binRoads)
			for (const line of road.lines)
				for (const v of ring) {
					const near = nearestOnLine(line, v);
					if (!best || near.distance < best.d) best = { wall: v, road: near.point, d: near.distance };
				}
		if (!best || best.d < 5 || best.d > 80) continue;
		const point = roundPoint(towards(best.wall, best.road, 3));
		if (!free(point)) continue;
		sites.push({ point, roadClass: 'alley' });
		byEntrance++;
	}

	// Two or three planned bins (accepted suggestions not yet installed), the rest mostly in place.
	const planned = new Set(rng.shuffle(sites.map((_, i) => i)).slice(0, 3));
	return sites.map((site, i) => {
		const binType = rng.weighted(
			site.roadClass === 'alley'
				? ([['litter', 0.5], ['refuse', 0.35], ['sorted-recycling', 0.15]] as const)
				: ([['litter', 0.8], ['refuse', 0.08], ['sorted-recycling', 0.12]] as const)
		);
		const capacityL = binType === 'litter' ? rng.pick([60, 80, 120]) : binType === 'refuse' ? rng.pick([120, 240]) : 240;
		const status = planned.has(i) ? 'planned' : rng.chance(0.06) ? 'damaged' : 'installed';
		const installedAt = status === 'planned' ? undefined : dateBetween(rng, '2025-01-06', '2026-10-30');
		return feature(`bin-${pad(i + 1)}`, { type: 'Point', coordinates: site.point }, {
			binType,
			capacityL,
			status,
			installedAt,
			source: 'generated'
		});
	});
}
