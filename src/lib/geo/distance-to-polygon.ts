/**
 * Distance in metres from a point to a polygon: 0 inside (holes excluded), else the distance to
 * the nearest ring edge, measured in a local plane scaled by a cheap-ruler's kx, ky (metres per
 * degree of longitude and latitude at the target, see ruler-at.ts).
 *
 * Hand-written rather than Turf's `pointToPolygonDistance` because it runs once per bin near each
 * of up to a million buildings: Turf's version allocates per call and measures with haversine,
 * where everything else here measures with the same cheap-ruler.
 */
import type { Position } from 'geojson';

/** Longitude difference folded into [−180, 180], as cheap-ruler does across the antimeridian. */
export function lonDelta(a: number, b: number): number {
	let d = a - b;
	if (d > 180) d -= 360;
	else if (d < -180) d += 360;
	return d;
}

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
export function distanceToRingsM(kx: number, ky: number, x: number, y: number, rings: readonly Position[][]): number {
	let best = Infinity;
	for (const ring of rings) {
		let ax = lonDelta(ring[0][0], x) * kx, ay = (ring[0][1] - y) * ky;
		for (let i = 1; i < ring.length; i++) {
			const bx = lonDelta(ring[i][0], x) * kx, by = (ring[i][1] - y) * ky;
			// Point (0, 0) against segment a–b in metres.
			const ux = bx - ax, uy = by - ay;
			const len2 = ux * ux + uy * uy;
			let t = len2 > 0 ? -(ax * ux + ay * uy) / len2 : 0;
			t = t < 0 ? 0 : t > 1 ? 1 : t;
			const px = ax + t * ux, py = ay + t * uy;
			const d2 = px * px + py * py;
			if (d2 < best) best = d2;
			ax = bx;
			ay = by;
		}
	}
	return Math.sqrt(best);
}

export function distanceToPolygonM(kx: number, ky: number, x: number, y: number, rings: readonly Position[][]): number {
	return pointInRings(x, y, rings) ? 0 : distanceToRingsM(kx, ky, x, y, rings);
}
