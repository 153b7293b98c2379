/**
 * Cuts a line in two at the point of the line nearest to a given position, so a road segment can
 * be split where a field worker tapped. The two parts share the cut point; joined again they give
 * back every vertex of the original line.
 *
 * The nearest point comes from cheap-ruler's `pointOnLine`, not Turf's `nearestPointOnLine`: Turf
 * works on great circles, so its point sits up to a fraction of a millimetre off the straight
 * lon/lat segment that the map draws and the hardening rate measures; cheap-ruler interpolates on
 * that segment itself, so the cut lies exactly on the line as stored.
 */
import CheapRuler from 'cheap-ruler';
import type { LineString, Position } from 'geojson';

export type SplitLineResult =
	| { ok: true; parts: [LineString, LineString]; at: Position; distanceM: number; lengthsM: [number, number] }
	| { ok: false; code: 'split.too-far' | 'split.at-end' | 'split.degenerate'; distanceM: number };

export interface SplitLineOptions {
	/** Refuse when the nearest point of the line is farther than this from `at` (metres). */
	maxDistanceM?: number;
	/** Refuse when a part would be shorter than this (metres): a cut at or next to an end. */
	minPartM?: number;
}

const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

export function splitLineAt(line: LineString, at: Position, options: SplitLineOptions = {}): SplitLineResult {
	const { maxDistanceM = 50, minPartM = 0.5 } = options;
	const coords = line.coordinates;
	if (coords.length < 2) return { ok: false, code: 'split.degenerate', distanceM: NaN };
	const ruler = new CheapRuler(at[1], 'meters');
	const nearest = ruler.pointOnLine(coords as [number, number][], at as [number, number]);
	const cut: Position = nearest.point;
	const distanceM = ruler.distance(at as [number, number], cut as [number, number]);
	if (distanceM > maxDistanceM) return { ok: false, code: 'split.too-far', distanceM };

	// The cut lies on the segment coords[i] → coords[i + 1].
	const i = Math.min(nearest.index, coords.length - 2);
	const first = coords.slice(0, i + 1);
	if (!samePosition(first[first.length - 1], cut)) first.push(cut);
	const rest = coords.slice(i + 1);
	const second = samePosition(rest[0], cut) ? rest : [cut, ...rest];
	const lengthsM: [number, number] = [ruler.lineDistance(first as [number, number][]), ruler.lineDistance(second as [number, number][])];
	if (first.length < 2 || second.length < 2 || lengthsM[0] < minPartM || lengthsM[1] < minPartM) {
		return { ok: false, code: 'split.at-end', distanceM };
	}
	return {
		ok: true,
		parts: [
			{ type: 'LineString', coordinates: first.map((p) => [...p]) },
			{ type: 'LineString', coordinates: second.map((p) => [...p]) }
		],
		at: [...cut],
		distanceM,
		lengthsM
	};
}
