/**
 * Geodesic distance in metres from a point to a polygon: 0 inside (holes excluded), else the
 * distance to the nearest ring edge.
 *
 * Hand-written rather than Turf's `pointToPolygonDistance` because it runs once per bin near each
 * of up to a million buildings: Turf's version allocates per call and measures with haversine,
 * where everything else here measures with the same cheap-ruler (see ruler-at.ts).
 */
import type CheapRuler from 'cheap-ruler';
import type { Position } from 'geojson';

/** Even–odd crossing test over all rings, so a point in a hole is outside. */
export function pointInRings(x: number, y: number, rings: readonly Position[][]): boolean {
	let inside = false;
	for (const ring of rings) {
		for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
			const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
			if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
		}
	}
	return inside;
}

/** Distance from (x, y) to the nearest ring edge, whatever side. */
export function distanceToRingsM(ruler: CheapRuler, x: number, y: number, rings: readonly Position[][]): number {
	const p: [number, number] = [x, y];
	let best = Infinity;
	for (const ring of rings) {
		for (let i = 1; i < ring.length; i++) {
			const d = ruler.pointToSegmentDistance(p, ring[i - 1] as [number, number], ring[i] as [number, number]);
			if (d < best) best = d;
		}
	}
	return best;
}

export function distanceToPolygonM(ruler: CheapRuler, x: number, y: number, rings: readonly Position[][]): number {
	return pointInRings(x, y, rings) ? 0 : distanceToRingsM(ruler, x, y, rings);
}
