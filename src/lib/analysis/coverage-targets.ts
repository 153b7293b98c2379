/**
 * Coverage targets (buildings, address or household points) in the layout the coverage and siting
 * searches need: bounding boxes, weights and each target's parts, plus the one distance rule both
 * analyses share: a point covers a target when it is within R metres of the target's nearest part
 * (0 inside a polygon).
 */
import type { Feature, FeatureCollection, Position } from 'geojson';
import { centroid } from '@turf/turf';
import type { PointLayer } from '../geo/point-layer';
import { featuresOf } from '../geo/point-layer';
import { rulerAt } from '../geo/ruler-at';
import { distanceToPolygonM } from '../geo/distance-to-polygon';
import { GeometryTypeError } from '../geo/geometry-type-error';

/**
 * Distances are compared with this slack so a target placed exactly R metres away counts as
 * covered despite floating-point rounding in the ruler (1 mm is far below GPS and OSM precision).
 */
export const COVERAGE_TOLERANCE_M = 1e-3;

export interface TargetSet {
	readonly count: number;
	readonly features: readonly Feature[];
	/** `households` when it is a non-negative number, else 1. */
	readonly weight: Float64Array;
	/** Point parts of target i (Point / MultiPoint), or null for a polygon target. */
	readonly points: ReadonlyArray<readonly Position[] | null>;
	/** Polygons of target i (Polygon / MultiPolygon), or null for a point target. */
	readonly polygons: ReadonlyArray<readonly Position[][][] | null>;
	/** Bounding boxes, 4 numbers per target: minX, minY, maxX, maxY. */
	readonly bbox: Float64Array;
}

const TARGET_TYPES = ['Point', 'MultiPoint', 'Polygon', 'MultiPolygon'];

export function weightOf(properties: Record<string, unknown> | null | undefined): number {
	const raw = properties?.households;
	const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	return Number.isFinite(n) && n >= 0 ? n : 1;
}

export function prepareTargets(input: FeatureCollection | readonly Feature[], layer = 'targets'): TargetSet {
	const features = featuresOf(input);
	const count = features.length;
	const weight = new Float64Array(count);
	const points: (Position[] | null)[] = new Array(count);
	const polygons: (Position[][][] | null)[] = new Array(count);
	const bbox = new Float64Array(count * 4);
	for (let i = 0; i < count; i++) {
		const g = features[i]?.geometry;
		let parts: Position[] | null = null;
		let polys: Position[][][] | null = null;
		if (g?.type === 'Point') parts = [g.coordinates];
		else if (g?.type === 'MultiPoint') parts = g.coordinates;
		else if (g?.type === 'Polygon') polys = [g.coordinates];
		else if (g?.type === 'MultiPolygon') polys = g.coordinates;
		else throw new GeometryTypeError(layer, i, g?.type ?? 'null', TARGET_TYPES);
		let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
		const visit = (c: Position) => {
			if (c[0] < minX) minX = c[0];
			if (c[0] > maxX) maxX = c[0];
			if (c[1] < minY) minY = c[1];
			if (c[1] > maxY) maxY = c[1];
		};
		if (parts) for (const c of parts) visit(c);
		else for (const poly of polys!) for (const c of poly[0] ?? []) visit(c);
		if (minX > maxX) throw new GeometryTypeError(layer, i, `empty ${g.type}`, TARGET_TYPES);
		bbox[i * 4] = minX;
		bbox[i * 4 + 1] = minY;
		bbox[i * 4 + 2] = maxX;
		bbox[i * 4 + 3] = maxY;
		points[i] = parts;
		polygons[i] = polys;
		weight[i] = weightOf(features[i].properties);
	}
	return { count, features, weight, points, polygons, bbox };
}

/** Distance in metres from (x, y) to target i's nearest part. */
export function distanceToTargetM(targets: TargetSet, i: number, x: number, y: number): number {
	const ruler = rulerAt((targets.bbox[i * 4 + 1] + targets.bbox[i * 4 + 3]) / 2);
	const parts = targets.points[i];
	let best = Infinity;
	if (parts) {
		for (const c of parts) {
			const d = ruler.distance([x, y], c as [number, number]);
			if (d < best) best = d;
		}
	} else {
		for (const rings of targets.polygons[i]!) {
			const d = distanceToPolygonM(ruler, x, y, rings);
			if (d < best) best = d;
		}
	}
	return best;
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
		if (distanceToTargetM(targets, i, layer.lon[id], layer.lat[id]) <= reach) {
			out[n++] = id;
			if (firstOnly) return n;
		}
	}
	return n;
}

/** A representative point of each target for zone membership: Turf's centroid (mean of vertices). */
export function targetCentroid(targets: TargetSet, i: number): Position {
	const parts = targets.points[i];
	if (parts && parts.length === 1) return parts[0];
	return centroid(targets.features[i]).geometry.coordinates;
}
