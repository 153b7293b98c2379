/**
 * Coverage targets (buildings, address or household points) in the layout the coverage and siting
 * searches need: bounding boxes, weights and each target's parts, plus the one distance rule both
 * analyses share: a point covers a target when it is within R metres of the target's nearest part
 * (0 inside a polygon).
 */
import type { Feature, FeatureCollection, MultiPoint, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { centroid } from '@turf/turf';
import Flatbush from 'flatbush';
import type { PointLayer } from '../geo/point-layer';
import { featuresOf } from '../geo/point-layer';
import { rulerAt } from '../geo/ruler-at';
import { distanceToPolygonM, lonDelta } from '../geo/distance-to-polygon';
import { GeometryTypeError } from '../geo/geometry-type-error';

/**
 * Distances are compared with this slack so a target placed exactly R metres away counts as
 * covered despite floating-point rounding in the ruler (1 mm is far below GPS and OSM precision).
 */
export const COVERAGE_TOLERANCE_M = 1e-3;

/** Geometry kinds of a target, as stored in TargetSet.kind. */
export const POINT = 0, MULTI_POINT = 1, POLYGON = 2, MULTI_POLYGON = 3;

export interface TargetSet {
	readonly count: number;
	readonly features: readonly Feature[];
	/** `households` when it is a non-negative number, else 1. */
	readonly weight: Float64Array;
	/** POINT, MULTI_POINT, POLYGON or MULTI_POLYGON. */
	readonly kind: Uint8Array;
	/** Bounding boxes, 4 numbers per target: minX, minY, maxX, maxY. */
	readonly bbox: Float64Array;
	/** Target i's coordinates by its kind (a Position, Position[], Position[][] or Position[][][]): the geometry's own, not copied. */
	shapeOf(i: number): unknown;
}

const TARGET_TYPES = ['Point', 'MultiPoint', 'Polygon', 'MultiPolygon'];
const KIND_OF: Record<string, number> = { Point: POINT, MultiPoint: MULTI_POINT, Polygon: POLYGON, MultiPolygon: MULTI_POLYGON };

export function weightOf(properties: Record<string, unknown> | null | undefined): number {
	const raw = properties?.households;
	if (raw === undefined) return 1;
	const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	return Number.isFinite(n) && n >= 0 ? n : 1;
}

/** Written as flat loops without closures: it runs over every target of a city. */
export function prepareTargets(input: FeatureCollection | readonly Feature[], layer = 'targets'): TargetSet {
	const features = featuresOf(input);
	const count = features.length;
	const weight = new Float64Array(count);
	const kind = new Uint8Array(count);
	const coordinates: unknown[] = new Array(count);
	const bbox = new Float64Array(count * 4);
	for (let i = 0; i < count; i++) {
		const g = features[i]?.geometry;
		const k = g ? KIND_OF[g.type] : undefined;
		if (k === undefined) throw new GeometryTypeError(layer, i, g?.type ?? 'null', TARGET_TYPES);
		const c = (g as Point | MultiPoint | Polygon | MultiPolygon).coordinates;
		let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
		if (k === POINT) {
			const p = c as Position;
			minX = maxX = p[0];
			minY = maxY = p[1];
		} else {
			// Outer rings bound a polygon; every point bounds a MultiPoint.
			const lists: Position[][] = k === MULTI_POINT ? [c as Position[]] : k === POLYGON ? [(c as Position[][])[0] ?? []] : (c as Position[][][]).map((p) => p[0] ?? []);
			for (const list of lists) {
				for (const p of list) {
					if (p[0] < minX) minX = p[0];
					if (p[0] > maxX) maxX = p[0];
					if (p[1] < minY) minY = p[1];
					if (p[1] > maxY) maxY = p[1];
				}
			}
		}
		if (!(minX <= maxX)) throw new GeometryTypeError(layer, i, `empty ${g!.type}`, TARGET_TYPES);
		bbox[i * 4] = minX;
		bbox[i * 4 + 1] = minY;
		bbox[i * 4 + 2] = maxX;
		bbox[i * 4 + 3] = maxY;
		kind[i] = k;
		coordinates[i] = c;
		weight[i] = weightOf(features[i].properties);
	}
	return { count, features, weight, kind, bbox, shapeOf: (i) => coordinates[i] };
}

/** Distance in metres from (x, y) to target i's nearest part. */
export function distanceToTargetM(targets: TargetSet, i: number, x: number, y: number): number {
	const ruler = rulerAt((targets.bbox[i * 4 + 1] + targets.bbox[i * 4 + 3]) / 2);
	const kx = ruler.kx, ky = ruler.ky;
	const c = targets.shapeOf(i);
	switch (targets.kind[i]) {
		case POINT: {
			const p = c as Position;
			const dx = lonDelta(x, p[0]) * kx, dy = (y - p[1]) * ky;
			return Math.sqrt(dx * dx + dy * dy);
		}
		case MULTI_POINT: {
			let best = Infinity;
			for (const p of c as Position[]) {
				const dx = lonDelta(x, p[0]) * kx, dy = (y - p[1]) * ky;
				best = Math.min(best, dx * dx + dy * dy);
			}
			return Math.sqrt(best);
		}
		case POLYGON:
			return distanceToPolygonM(kx, ky, x, y, c as Position[][]);
		default: {
			let best = Infinity;
			for (const rings of c as Position[][][]) best = Math.min(best, distanceToPolygonM(kx, ky, x, y, rings));
			return best;
		}
	}
}

/** Below the millimetre tolerance: a box bound this close to the reach leaves the decision to the exact distance. */
const BOX_SLACK_M = 1e-6;

/**
 * Whether (x, y) is within `reach` metres of target i's nearest part: the answer of
 * `distanceToTargetM(…) <= reach`, settled first by the target's box in the same ruler's metres
 * (every part is within reach when the box's farthest corner is, none when its nearest point is out
 * of reach), since a building is far smaller than a bin's radius and the exact polygon distance was
 * most of the time of counting a city's coverage.
 */
export function coversTarget(targets: TargetSet, i: number, x: number, y: number, reach: number): boolean {
	const b = targets.bbox;
	const ruler = rulerAt((b[i * 4 + 1] + b[i * 4 + 3]) / 2);
	const west = lonDelta(x, b[i * 4]) * ruler.kx, east = lonDelta(x, b[i * 4 + 2]) * ruler.kx;
	const south = (y - b[i * 4 + 1]) * ruler.ky, north = (y - b[i * 4 + 3]) * ruler.ky;
	const farX = Math.max(Math.abs(west), Math.abs(east)), farY = Math.max(Math.abs(south), Math.abs(north));
	const inner = reach - BOX_SLACK_M;
	if (inner > 0 && farX * farX + farY * farY <= inner * inner) return true;
	const nearX = west < 0 ? -west : east > 0 ? east : 0, nearY = south < 0 ? -south : north > 0 ? north : 0;
	const outer = reach + BOX_SLACK_M;
	if (nearX * nearX + nearY * nearY > outer * outer) return false;
	return distanceToTargetM(targets, i, x, y) <= reach;
}

/**
 * Points of `layer` within `radiusM` of target i, written into `out`; returns how many. With
 * `firstOnly` it stops at the first (all coverage needs).
 */
export function pointsNearTarget(
	layer: PointLayer,
	targets: TargetSet,
	i: number,
	radiusM: number,
	out: number[],
	firstOnly = false
): number {
	if (layer.count === 0) return 0;
	const b = targets.bbox;
	const minY = b[i * 4 + 1], maxY = b[i * 4 + 3];
	const reach = radiusM + COVERAGE_TOLERANCE_M;
	// Widen the box with the scale of its poleward edge, where a degree of longitude is shortest.
	const poleward = rulerAt(Math.abs(minY) > Math.abs(maxY) ? minY : maxY);
	const dx = (reach / poleward.kx) * 1.001;
	const dy = (reach / poleward.ky) * 1.001;
	const near = layer.index.range(b[i * 4] - dx, minY - dy, b[i * 4 + 2] + dx, maxY + dy);
	let n = 0;
	for (const id of near) {
		if (id >= layer.count) continue;
		if (coversTarget(targets, i, layer.lon[id], layer.lat[id], reach)) {
			out[n++] = id;
			if (firstOnly) return n;
		}
	}
	return n;
}

/** A representative point of each target for zone membership: Turf's centroid (mean of vertices). */
export function targetCentroid(targets: TargetSet, i: number): Position {
	if (targets.kind[i] === POINT) return targets.shapeOf(i) as Position;
	return centroid(targets.features[i]).geometry.coordinates;
}

const boxIndexes = new WeakMap<TargetSet, Flatbush | null>();

/**
 * An index of the targets' boxes, built on first use and kept with the set: a map's view of a
 * city searches it (about 2 ms for a district of a million buildings) rather than every box
 * (about 8 ms). Null when there is no target (Flatbush holds at least one box).
 */
export function targetBoxIndex(targets: TargetSet): Flatbush | null {
	let index = boxIndexes.get(targets);
	if (index === undefined) {
		index = null;
		if (targets.count > 0) {
			const b = targets.bbox;
			index = new Flatbush(targets.count);
			for (let i = 0; i < targets.count; i++) index.add(b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3]);
			index.finish();
		}
		boxIndexes.set(targets, index);
	}
	return index;
}
