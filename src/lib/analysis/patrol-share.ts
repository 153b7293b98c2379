/**
 * The share of a zone's streets a patrol walked (巡查): the zone's road segments clipped exactly to
 * the zone, and the part of them within `radiusM` (default 25 m) of the walked track, in metres on
 * the WGS84 ellipsoid.
 *
 * Method: every road segment and track segment are put in one local plane (cheap-ruler's metres
 * per degree at the zone's latitude; well under 0.1 % off over a zone). Along one road segment
 * A + t(B − A), the distance to one track segment is a convex function of t (the distance from a
 * point moving on a line to a convex set), so the stretch within the radius is one interval of t:
 * found by a ternary search for the nearest t and a bisection on each side. The union of those
 * intervals over the track's segments (only those whose box comes within the radius) is the
 * walked part of the road segment; its length is measured with cheap-ruler at the segment's
 * latitude, like every other road length here.
 */
import CheapRuler from 'cheap-ruler';
import Flatbush from 'flatbush';
import type { Feature, Geometry, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { polygonClipper } from '../geo/clip-line-to-polygon';
import { rulerAt } from '../geo/ruler-at';
import { featuresOf, type FeatureInput } from './zone-input';

export const PATROL_RADIUS_M = 25;

export interface PatrolShareResult {
	roadM: number;
	walkedM: number;
	/** 100 × walked ÷ road, two decimals; null when the zone has no road. */
	walkedPct: number | null;
	/** The walked and unwalked stretches of the zone's roads, for the map. */
	walked: Position[][];
	unwalked: Position[][];
}

const linesOf = (g: Geometry | null | undefined): Position[][] =>
	!g ? [] : g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Distance in the plane from (px, py) to segment (ax, ay)–(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
	const dx = bx - ax, dy = by - ay;
	const dd = dx * dx + dy * dy;
	const t = dd > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / dd)) : 0;
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

const ITERATIONS = 60;

/** The interval [t0, t1] of t in [0, 1] where a convex f(t) ≤ r, or null. */
function withinInterval(f: (t: number) => number, r: number): [number, number] | null {
	let lo = 0, hi = 1;
	for (let i = 0; i < ITERATIONS; i++) {
		const m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
		if (f(m1) <= f(m2)) hi = m2;
		else lo = m1;
	}
	const tMin = (lo + hi) / 2;
	if (f(tMin) > r) return null;
	const edge = (inside: number, outside: number) => {
		if (f(outside) <= r) return outside;
		for (let i = 0; i < ITERATIONS; i++) {
			const mid = (inside + outside) / 2;
			if (f(mid) <= r) inside = mid;
			else outside = mid;
		}
		return inside;
	};
	return [edge(tMin, 0), edge(tMin, 1)];
}

function union(intervals: [number, number][]): [number, number][] {
	const sorted = intervals.sort((a, b) => a[0] - b[0]);
	const out: [number, number][] = [];
	for (const [a, b] of sorted) {
		const last = out[out.length - 1];
		if (last && a <= last[1]) last[1] = Math.max(last[1], b);
		else out.push([a, b]);
	}
	return out;
}

const lerp = (a: Position, b: Position, t: number): Position => (t === 0 ? a : t === 1 ? b : [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);

/** Appends the stretch a→b to the running list of pieces, joining it to the last piece when they touch. */
function addStretch(pieces: Position[][], a: Position, b: Position) {
	const last = pieces[pieces.length - 1];
	const end = last?.[last.length - 1];
	if (end && end[0] === a[0] && end[1] === a[1]) last.push(b);
	else pieces.push([a, b]);
}

export function patrolShare(
	zone: Polygon | MultiPolygon,
	roads: FeatureInput,
	track: LineString | MultiLineString | null,
	radiusM = PATROL_RADIUS_M
): PatrolShareResult {
	const clipper = polygonClipper(zone);
	const firstRing = zone.type === 'Polygon' ? zone.coordinates[0] : zone.coordinates[0][0];
	const lat0 = firstRing.reduce((s, p) => s + p[1], 0) / firstRing.length;
	const plane = new CheapRuler(lat0, 'meters');
	const [kx, ky] = [plane.kx, plane.ky];
	const lon0 = firstRing[0][0];
	const px = (p: Position) => [(p[0] - lon0) * kx, (p[1] - lat0) * ky] as const;

	// The track's segments in the plane, indexed by box.
	const trackSegments: number[] = [];
	for (const line of linesOf(track)) {
		for (let i = 0; i + 1 < line.length; i++) trackSegments.push(...px(line[i]), ...px(line[i + 1]));
	}
	if (track && track.type === 'LineString' && track.coordinates.length === 1) trackSegments.push(...px(track.coordinates[0]), ...px(track.coordinates[0]));
	const count = trackSegments.length / 4;
	const index = count > 0 ? new Flatbush(count) : null;
	if (index) {
		for (let s = 0; s < count; s++) {
			const [ax, ay, bx, by] = trackSegments.slice(s * 4, s * 4 + 4);
			index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
		}
		index.finish();
	}

	let roadM = 0, walkedM = 0;
	const walked: Position[][] = [], unwalked: Position[][] = [];
	for (const road of featuresOf(roads) as ReadonlyArray<Feature<Geometry | null>>) {
		for (const line of linesOf(road.geometry)) {
			for (const piece of clipper.clip(line)) {
				for (let i = 0; i + 1 < piece.length; i++) {
					const a = piece[i], b = piece[i + 1];
					const lengthM = rulerAt((a[1] + b[1]) / 2).distance(a as [number, number], b as [number, number]);
					roadM += lengthM;
					const [ax, ay] = px(a), [bx, by] = px(b);
					const near = index
						? index.search(Math.min(ax, bx) - radiusM, Math.min(ay, by) - radiusM, Math.max(ax, bx) + radiusM, Math.max(ay, by) + radiusM)
						: [];
					const intervals: [number, number][] = [];
					for (const s of near) {
						const [cx, cy, dx, dy] = trackSegments.slice(s * 4, s * 4 + 4);
						const f = (t: number) => segmentDistance(ax + (bx - ax) * t, ay + (by - ay) * t, cx, cy, dx, dy);
						const within = withinInterval(f, radiusM);
						if (within) intervals.push(within);
					}
					let at = 0;
					for (const [t0, t1] of union(intervals)) {
						if (t0 > at) addStretch(unwalked, lerp(a, b, at), lerp(a, b, t0));
						if (t1 > t0) addStretch(walked, lerp(a, b, t0), lerp(a, b, t1));
						walkedM += (t1 - t0) * lengthM;
						at = t1;
					}
					if (at < 1) addStretch(unwalked, lerp(a, b, at), b);
				}
			}
		}
	}
	return { roadM: round2(roadM), walkedM: round2(walkedM), walkedPct: roadM > 0 ? round2((100 * walkedM) / roadM) : null, walked, unwalked };
}
