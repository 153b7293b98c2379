/**
 * Which candidate sites would cover which not-yet-covered targets, in compressed form.
 *
 * Targets covered by exactly the same set of candidates are interchangeable for siting, so they are
 * merged into one group whose weight is their total; on real data this shrinks the problem several
 * times, and it is what keeps the exact MILP small.
 */
import type { PointLayer } from '../geo/point-layer';
import { pointsNearTarget, type TargetSet } from './coverage-targets';

export interface CoverIncidence {
	readonly candidateCount: number;
	readonly groupCount: number;
	readonly groupWeight: Float64Array;
	/** Candidates of group g: groupCandidates[groupStart[g] .. groupStart[g+1]), ascending. */
	readonly groupStart: Int32Array;
	readonly groupCandidates: Int32Array;
	/** Groups candidate c covers: candidateGroups[candidateStart[c] .. candidateStart[c+1]). */
	readonly candidateStart: Int32Array;
	readonly candidateGroups: Int32Array;
}

/** Incidence of `candidates` over the targets with `alreadyCovered[i] === 0` and a positive weight. */
export function coverIncidence(candidates: PointLayer, targets: TargetSet, alreadyCovered: Uint8Array, radiusM: number): CoverIncidence {
	// Groups by a hash of their sorted candidate list, compared in full on a hash match (no string keys).
	const groupsByHash = new Map<number, number[]>();
	const weights: number[] = [];
	const groupLists: Int32Array[] = [];
	const near: number[] = [];
	for (let i = 0; i < targets.count; i++) {
		if (alreadyCovered[i] || targets.weight[i] <= 0) continue;
		const n = pointsNearTarget(candidates, targets, i, radiusM, near);
		if (n === 0) continue;
		const ids = Int32Array.from(near.slice(0, n)).sort();
		const hash = hashIds(ids);
		const same = groupsByHash.get(hash);
		let g = same?.find((h) => equalIds(groupLists[h], ids));
		if (g === undefined) {
			g = weights.length;
			if (same) same.push(g);
			else groupsByHash.set(hash, [g]);
			weights.push(0);
			groupLists.push(ids);
		}
		weights[g] += targets.weight[i];
	}

	const groupCount = weights.length;
	const groupStart = new Int32Array(groupCount + 1);
	for (let g = 0; g < groupCount; g++) groupStart[g + 1] = groupStart[g] + groupLists[g].length;
	const groupCandidates = new Int32Array(groupStart[groupCount]);
	const candidateStart = new Int32Array(candidates.count + 1);
	for (let g = 0; g < groupCount; g++) {
		groupCandidates.set(groupLists[g], groupStart[g]);
		for (const c of groupLists[g]) candidateStart[c + 1]++;
	}
	for (let c = 0; c < candidates.count; c++) candidateStart[c + 1] += candidateStart[c];
	const fill = candidateStart.slice(0, candidates.count);
	const candidateGroups = new Int32Array(groupCandidates.length);
	for (let g = 0; g < groupCount; g++) for (const c of groupLists[g]) candidateGroups[fill[c]++] = g;

	return {
		candidateCount: candidates.count,
		groupCount,
		groupWeight: Float64Array.from(weights),
		groupStart,
		groupCandidates,
		candidateStart,
		candidateGroups
	};
}

function hashIds(ids: Int32Array): number {
	let h = 0x811c9dc5 ^ ids.length;
	for (let k = 0; k < ids.length; k++) h = Math.imul(h ^ ids[k], 0x01000193);
	return h >>> 0;
}

function equalIds(a: Int32Array, b: Int32Array): boolean {
	if (a.length !== b.length) return false;
	for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
	return true;
}
