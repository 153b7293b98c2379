/**
 * A target set as columns a restart takes up without reading its layer: the boxes, weights and
 * kinds, and each target's shape as flat numbers, which is all that counting coverage needs. The
 * features themselves (for a building's GeoJSON) are read from the layer only when first asked for:
 * parsing a city's buildings file was most of a restart, and the figures and counts need none of it.
 *
 * Shapes keep x and y only, what distances use. A shape is its numbers (2 per position) and, for
 * the nested kinds, the lengths of its lists in the order they are read: a MultiPoint's point count;
 * a Polygon's ring count, then each ring's point count; a MultiPolygon's polygon count, then each
 * polygon's as a Polygon's.
 */
import type { Feature, FeatureCollection, Position } from 'geojson';
import { MULTI_POINT, MULTI_POLYGON, POINT, POLYGON, prepareTargets, type TargetSet } from './coverage-targets';

export interface TargetColumns {
	count: number;
	weight: Float64Array;
	kind: Uint8Array;
	bbox: Float64Array;
	/** Every target's x, y pairs, target after target. */
	numbers: Float64Array;
	/** Where each target's numbers start (one more than the targets). */
	numberStart: Uint32Array;
	/** The lengths of the nested kinds' lists, target after target. */
	lengths: Uint32Array;
	/** Where each target's lengths start (one more than the targets). */
	lengthStart: Uint32Array;
}

export function targetColumns(targets: TargetSet): TargetColumns {
	const numbers: number[] = [];
	const lengths: number[] = [];
	const numberStart = new Uint32Array(targets.count + 1);
	const lengthStart = new Uint32Array(targets.count + 1);
	const points = (list: Position[]) => {
		for (const p of list) numbers.push(p[0], p[1]);
	};
	const rings = (polygon: Position[][]) => {
		lengths.push(polygon.length);
		for (const ring of polygon) {
			lengths.push(ring.length);
			points(ring);
		}
	};
	for (let i = 0; i < targets.count; i++) {
		const shape = targets.shapeOf(i);
		switch (targets.kind[i]) {
			case POINT:
				points([shape as Position]);
				break;
			case MULTI_POINT:
				lengths.push((shape as Position[]).length);
				points(shape as Position[]);
				break;
			case POLYGON:
				rings(shape as Position[][]);
				break;
			default:
				lengths.push((shape as Position[][][]).length);
				for (const polygon of shape as Position[][][]) rings(polygon);
		}
		numberStart[i + 1] = numbers.length;
		lengthStart[i + 1] = lengths.length;
	}
	const { count, weight, kind, bbox } = targets;
	return { count, weight, kind, bbox, numbers: Float64Array.from(numbers), numberStart, lengthStart, lengths: Uint32Array.from(lengths) };
}

/**
 * The target set of saved columns: its features read (`readLayer`) when first asked for. Throws
 * then when the layer read is not the one the columns were taken from, which the caller's check of
 * the file (its size and modification time) should already rule out.
 */
export function targetsFromColumns(columns: TargetColumns, readLayer: () => FeatureCollection | readonly Feature[], layer = 'targets'): TargetSet {
	let features: readonly Feature[] | null = null;
	return {
		count: columns.count,
		weight: columns.weight,
		kind: columns.kind,
		bbox: columns.bbox,
		get features() {
			if (!features) {
				const read = prepareTargets(readLayer(), layer);
				if (!sameColumns(read, columns)) throw new Error(`The ${layer} read now are not those the saved coverage was counted over (was the file replaced while the server ran?); restart the server to count them afresh.`);
				features = read.features;
			}
			return features;
		},
		shapeOf: (i) => shapeAt(columns, i)
	};
}

/** Target i's shape, made again from the columns: only the few a moved bin's count needs exactly. */
function shapeAt(c: TargetColumns, i: number): unknown {
	let n = c.numberStart[i], l = c.lengthStart[i];
	const point = (): Position => [c.numbers[n++], c.numbers[n++]];
	const list = (): Position[] => Array.from({ length: c.lengths[l++] }, point);
	const rings = (): Position[][] => Array.from({ length: c.lengths[l++] }, list);
	switch (c.kind[i]) {
		case POINT:
			return point();
		case MULTI_POINT:
			return list();
		case POLYGON:
			return rings();
		case MULTI_POLYGON:
			return Array.from({ length: c.lengths[l++] }, rings);
	}
	throw new RangeError(`Target ${i} has no kind ${c.kind[i]}.`);
}

function sameColumns(a: TargetSet, b: TargetColumns): boolean {
	if (a.count !== b.count) return false;
	for (let i = 0; i < a.count; i++) if (a.kind[i] !== b.kind[i] || !Object.is(a.weight[i], b.weight[i])) return false;
	for (let i = 0; i < a.bbox.length; i++) if (!Object.is(a.bbox[i], b.bbox[i])) return false;
	return true;
}
