/**
 * Walking-radius coverage: which targets (buildings, address or household points) have a bin
 * within R metres of their nearest part, overall and per zone.
 *
 * Bins sit in a KDBush index; each target asks it for the bins in its bounding box widened by R
 * and stops at the first one within R (geodesic, cheap-ruler; 0 inside a building). That is
 * O(targets · log bins) instead of Turf's every-pair scan, which the tests use as the reference.
 *
 * The radius is a parameter: 70 m for litter bins (DEFAULT_RULES.binWalkingRadiusM, surveys of
 * 38–80 m walks), 120 m for refuse collection points (collectionPointRadiusM, GB 55013-2021).
 */
import type { Feature, FeatureCollection } from 'geojson';
import { pointLayerOf, type PointLayer } from '../geo/point-layer';
import { buildZoneLookup, type ZoneRef } from '../geo/zone-lookup';
import { pointsNearTarget, prepareTargets, targetCentroid, type TargetSet } from './coverage-targets';
import { coveredMaskFromPoints } from './coverage-grid';

type Features = FeatureCollection | readonly Feature[];

export interface CoverageOptions {
	/** Walking radius in metres. */
	radiusM: number;
	/** Zone polygons; a target belongs to the first zone (input order) containing its centroid. */
	zones?: Features;
}

export interface ZoneCoverage extends ZoneRef {
	targets: number;
	covered: number;
	coveredPct: number;
	weightedTargets: number;
	weightedCovered: number;
}

export interface CoverageResult {
	radiusM: number;
	targets: number;
	covered: number;
	/** covered / targets in percent, 2 decimals; 0 when there are no targets. */
	coveredPct: number;
	/** Sum of weights (`households`, else 1). */
	weightedTargets: number;
	weightedCovered: number;
	zones: ZoneCoverage[];
	/** The uncovered target features themselves (not copies: treat as read-only). */
	uncovered: FeatureCollection;
	/** Position of each uncovered target in the input, parallel to `uncovered.features`. */
	uncoveredIndices: number[];
}

export function percent(part: number, whole: number): number {
	return whole > 0 ? Math.round((10000 * part) / whole) / 100 : 0;
}

/** Rounds away float noise from sums of weights (weights are counts of households). */
function tidy(n: number): number {
	return Math.round(n * 1e6) / 1e6;
}

/**
 * 1 for each target with a point of `layer` within `radiusM`, else 0. With far fewer points than
 * targets (bins against buildings) the search runs from the points into a grid of the targets
 * (coverage-grid.ts); otherwise each target asks the points' index. Both give the same mask.
 */
export function coveredMask(layer: PointLayer, targets: TargetSet, radiusM: number): Uint8Array {
	if (layer.count * 4 < targets.count) return coveredMaskFromPoints(layer, targets, radiusM);
	return coveredMaskFromTargets(layer, targets, radiusM);
}

export function coveredMaskFromTargets(layer: PointLayer, targets: TargetSet, radiusM: number): Uint8Array {
	const mask = new Uint8Array(targets.count);
	const scratch: number[] = [];
	for (let i = 0; i < targets.count; i++) mask[i] = pointsNearTarget(layer, targets, i, radiusM, scratch, true) > 0 ? 1 : 0;
	return mask;
}

export function checkRadius(radiusM: number): void {
	if (!Number.isFinite(radiusM) || radiusM < 0) throw new RangeError(`radiusM must be a non-negative number, got ${radiusM}.`);
}

/** Which zone each target belongs to (by its centroid), and the zones in input order. */
export interface TargetZones {
	readonly refs: readonly ZoneRef[];
	/** Zone index per target, -1 for none. */
	readonly zoneOf: Int32Array;
}

export function zonesOfTargets(set: TargetSet, zones: Features): TargetZones {
	const lookup = buildZoneLookup(zones, 'zones');
	const zoneOf = new Int32Array(set.count);
	for (let i = 0; i < set.count; i++) {
		const [lon, lat] = targetCentroid(set, i);
		zoneOf[i] = lookup.zoneAt(lon, lat);
	}
	return { refs: lookup.zones, zoneOf };
}

/** The figures of a coverage, without the uncovered targets themselves. */
export type CoverageFigures = Omit<CoverageResult, 'uncovered' | 'uncoveredIndices'>;

/** The figures for a mask that is non-zero for each covered target. */
export function coverageFigures(set: TargetSet, covered: ArrayLike<number>, radiusM: number, zones: TargetZones | null): CoverageFigures {
	let coveredCount = 0, weighted = 0, weightedCovered = 0;
	for (let i = 0; i < set.count; i++) {
		weighted += set.weight[i];
		if (covered[i]) {
			coveredCount++;
			weightedCovered += set.weight[i];
		}
	}
	const byZone: ZoneCoverage[] = [];
	if (zones) {
		const tally = zones.refs.map(() => ({ targets: 0, covered: 0, weightedTargets: 0, weightedCovered: 0 }));
		for (let i = 0; i < set.count; i++) {
			const z = zones.zoneOf[i];
			if (z < 0) continue;
			const t = tally[z];
			t.targets++;
			t.weightedTargets += set.weight[i];
			if (covered[i]) {
				t.covered++;
				t.weightedCovered += set.weight[i];
			}
		}
		zones.refs.forEach((ref, z) => {
			const t = tally[z];
			byZone.push({
				...ref,
				targets: t.targets,
				covered: t.covered,
				coveredPct: percent(t.covered, t.targets),
				weightedTargets: tidy(t.weightedTargets),
				weightedCovered: tidy(t.weightedCovered)
			});
		});
	}
	return {
		radiusM,
		targets: set.count,
		covered: coveredCount,
		coveredPct: percent(coveredCount, set.count),
		weightedTargets: tidy(weighted),
		weightedCovered: tidy(weightedCovered),
		zones: byZone
	};
}

export function computeCoverage(bins: Features, targets: Features, options: CoverageOptions): CoverageResult {
	const { radiusM } = options;
	checkRadius(radiusM);
	const binLayer = pointLayerOf(bins, 'bins');
	const set = prepareTargets(targets, 'targets');
	const mask = coveredMask(binLayer, set, radiusM);
	const uncovered: Feature[] = [];
	const uncoveredIndices: number[] = [];
	for (let i = 0; i < set.count; i++) {
		if (mask[i]) continue;
		uncovered.push(set.features[i]);
		uncoveredIndices.push(i);
	}
	return {
		...coverageFigures(set, mask, radiusM, options.zones ? zonesOfTargets(set, options.zones) : null),
		uncovered: { type: 'FeatureCollection', features: uncovered },
		uncoveredIndices
	};
}
