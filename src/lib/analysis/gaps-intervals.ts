/**
 * The exact stretches of one straight edge that lie farther than h metres (network distance) from
 * every bin.
 *
 * At position x along an edge of length L the distance to the nearest bin is
 *   min(dFrom + x, dTo + L − x, min over bins on the edge |x − p|)
 * where dFrom, dTo are the network distances of the edge's ends. The positions within h therefore
 * form the union of [0, h − dFrom], [L − (h − dTo), L] and [p − h, p + h]; a gap is what that union
 * leaves of [0, L].
 */

/** Pieces shorter than this (metres) are float noise where two covered stretches just meet. */
export const GAP_EPSILON_M = 1e-6;

export type GapInterval = [startM: number, endM: number];

const NO_GAPS: GapInterval[] = [];

export function gapIntervals(lengthM: number, dFrom: number, dTo: number, binOffsets: readonly number[], h: number): GapInterval[] {
	if (binOffsets.length === 0) {
		// Most edges of a city carry no bin: their covered part is at most one stretch from each end.
		const start = dFrom <= h ? h - dFrom : 0;
		const end = dTo <= h ? lengthM - (h - dTo) : lengthM;
		return end - start > GAP_EPSILON_M && start < lengthM - GAP_EPSILON_M ? [[start, Math.min(end, lengthM)]] : NO_GAPS;
	}
	const covered: [number, number][] = [];
	if (dFrom <= h) covered.push([0, h - dFrom]);
	if (dTo <= h) covered.push([lengthM - (h - dTo), lengthM]);
	for (const p of binOffsets) covered.push([p - h, p + h]);
	covered.sort((a, b) => a[0] - b[0]);
	const gaps: GapInterval[] = [];
	let cursor = 0;
	for (const [start, end] of covered) {
		if (start > cursor + GAP_EPSILON_M && cursor < lengthM) gaps.push([cursor, Math.min(start, lengthM)]);
		if (end > cursor) cursor = end;
	}
	if (cursor < lengthM - GAP_EPSILON_M) gaps.push([cursor, lengthM]);
	return gaps.filter(([a, b]) => b - a > GAP_EPSILON_M);
}
