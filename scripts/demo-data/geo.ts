import CheapRuler from 'cheap-ruler';
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { AREA_BOUNDS, COORD_DECIMALS } from './constants';

export type LonLat = [number, number];
export type Line = LonLat[];

const CENTRE_LAT = (AREA_BOUNDS[1] + AREA_BOUNDS[3]) / 2;

/** Metres at the area's latitude; cheap-ruler is well under 0.1 % off over a 1–2 km area. */
export const ruler = new CheapRuler(CENTRE_LAT, 'meters');

const SCALE = 10 ** COORD_DECIMALS;
export const roundCoord = (n: number) => Math.round(n * SCALE) / SCALE;
export const roundPoint = (p: Position): LonLat => [roundCoord(p[0]), roundCoord(p[1])];

/** Rounds a line and drops vertices that rounding made identical to the previous one. */
export function roundLine(line: readonly Position[]): Line {
	const out: Line = [];
	for (const p of line) {
		const q = roundPoint(p);
		const last = out[out.length - 1];
		if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
	}
	return out;
}

export function roundPolygon(rings: readonly (readonly Position[])[]): Line[] {
	return rings.map((ring) => {
		const r = roundLine(ring);
		// Rounding keeps the ring closed, but make sure: validation rejects an open ring.
		const [a, b] = [r[0], r[r.length - 1]];
		if (a[0] !== b[0] || a[1] !== b[1]) r.push([a[0], a[1]]);
		return r;
	});
}

export const lineLength = (line: Line) => ruler.lineDistance(line);

/** The parts of a line inside the area, each at least `minLength` metres long. */
export function clipLine(line: readonly Position[], bbox = AREA_BOUNDS, minLength = 2): Line[] {
	const clipped = turf.bboxClip(turf.lineString(line as Position[]), bbox) as Feature<LineString | MultiLineString>;
	const parts = clipped.geometry.type === 'LineString' ? [clipped.geometry.coordinates] : clipped.geometry.coordinates;
	return parts.map(roundLine).filter((p) => p.length >= 2 && lineLength(p) >= minLength);
}

/** Unit direction (east, north) of a line at a distance along it, in metres. */
export function directionAt(line: Line, dist: number): [number, number] {
	const a = ruler.along(line, Math.max(0, dist - 1));
	const b = ruler.along(line, dist + 1);
	const dx = (b[0] - a[0]) * ruler.kx;
	const dy = (b[1] - a[1]) * ruler.ky;
	const n = Math.hypot(dx, dy) || 1;
	return [dx / n, dy / n];
}

/** The point `dist` metres along a line, moved `side` metres to its right (negative: left). */
export function pointBeside(line: Line, dist: number, side: number): LonLat {
	const p = ruler.along(line, dist);
	const [ex, ny] = directionAt(line, dist);
	return roundPoint(ruler.offset(p, ny * side, -ex * side));
}

/**
 * A line moved `side` metres to the right of `line` (negative: left), vertex by vertex along the
 * mitred normal. Good enough for drains drawn beside a road; sharp corners are capped at 2× offset.
 */
export function offsetLine(line: Line, side: number): Line {
	const xy = line.map(([x, y]) => [x * ruler.kx, y * ruler.ky]);
	const normals: [number, number][] = [];
	for (let i = 0; i + 1 < xy.length; i++) {
		const dx = xy[i + 1][0] - xy[i][0];
		const dy = xy[i + 1][1] - xy[i][1];
		const n = Math.hypot(dx, dy) || 1;
		normals.push([dy / n, -dx / n]);
	}
	const out = xy.map((_, i) => {
		const a = normals[Math.max(0, i - 1)];
		const b = normals[Math.min(normals.length - 1, i)];
		let nx = a[0] + b[0];
		let ny = a[1] + b[1];
		const len = Math.hypot(nx, ny) || 1;
		nx /= len;
		ny /= len;
		const cos = Math.max(0.5, nx * b[0] + ny * b[1]);
		return ruler.offset(line[i], (nx * side) / cos, (ny * side) / cos);
	});
	return roundLine(out);
}

export const sliceLine = (line: Line, from: number, to: number): Line => roundLine(ruler.lineSliceAlong(from, to, line));

export const distance = (a: LonLat, b: LonLat) => ruler.distance(a, b);

/** Shortest distance from a point to a line, in metres, and the nearest point on it. */
export function nearestOnLine(line: Line, p: LonLat): { point: LonLat; distance: number } {
	const { point } = ruler.pointOnLine(line, p);
	return { point: [point[0], point[1]], distance: ruler.distance(point, p) };
}

export type AreaGeometry = Polygon | MultiPolygon;

export const contains = (area: AreaGeometry, p: LonLat) => turf.booleanPointInPolygon(p, area);

/** The outer rings of a polygon or multipolygon. */
export const outerRings = (area: AreaGeometry): Line[] =>
	(area.type === 'Polygon' ? [area.coordinates[0]] : area.coordinates.map((poly) => poly[0])) as Line[];

export function centroid(area: AreaGeometry): LonLat {
	const c = turf.centroid(area).geometry.coordinates;
	return [c[0], c[1]];
}

/** Moves a point towards a target by a number of metres. */
export function towards(from: LonLat, to: LonLat, metres: number): LonLat {
	const d = ruler.distance(from, to) || 1;
	const dx = ((to[0] - from[0]) * ruler.kx * metres) / d;
	const dy = ((to[1] - from[1]) * ruler.ky * metres) / d;
	return ruler.offset(from, dx, dy);
}

/** Compass side (东/南/西/北) of `p` seen from `centre`. */
export function compassSide(centre: LonLat, p: LonLat): '东' | '南' | '西' | '北' {
	const dx = (p[0] - centre[0]) * ruler.kx;
	const dy = (p[1] - centre[1]) * ruler.ky;
	if (Math.abs(dx) >= Math.abs(dy)) return dx >= 0 ? '东' : '西';
	return dy >= 0 ? '北' : '南';
}

export const insideArea = (p: LonLat, bbox = AREA_BOUNDS) => p[0] >= bbox[0] && p[0] <= bbox[2] && p[1] >= bbox[1] && p[1] <= bbox[3];
