/**
 * Candidate sites for new bins: points along every counted road every `spacingM` metres (from each
 * road's start, plus its end), and the midpoint of every spacing gap, where a bin helps most.
 * Points shared by two roads (their common end vertex) appear once.
 */
import type { Feature, FeatureCollection, LineString, Position } from 'geojson';
import { roadClassOf } from '../domain/road-class';
import { featuresOf } from '../geo/point-layer';
import { linePartsOf } from './road-network';
import { rulerAt } from '../geo/ruler-at';
import { CoordinateTable } from '../geo/coordinate-table';

export interface CandidateSites {
	readonly lon: Float64Array;
	readonly lat: Float64Array;
}

export function candidateSites(
	roads: FeatureCollection | readonly Feature[],
	spacingM: number,
	gapLines: FeatureCollection<LineString> | null
): CandidateSites {
	if (!Number.isFinite(spacingM) || spacingM <= 0) throw new RangeError(`spacingM must be a positive number, got ${spacingM}.`);
	// Distinct points in order of first sight; the table numbers them as they come.
	const points = new CoordinateTable(4096);
	const add = (x: number, y: number) => {
		points.add(x, y);
	};
	featuresOf(roads).forEach((feature, i) => {
		const parts = linePartsOf(feature, i, 'roads');
		if (!roadClassOf(feature.properties)) return;
		for (const line of parts) alongLine(line, spacingM, add);
	});
	for (const gap of gapLines?.features ?? []) {
		const line = gap.geometry.coordinates;
		const ruler = rulerAt(line[0][1]);
		const [x, y] = ruler.along(line as [number, number][], ruler.lineDistance(line as [number, number][]) / 2);
		add(x, y);
	}
	return { lon: points.lon.slice(0, points.size), lat: points.lat.slice(0, points.size) };
}

/** Calls `add` at 0, s, 2s, … metres along the line and at its end. */
function alongLine(line: readonly Position[], s: number, add: (x: number, y: number) => void): void {
	if (line.length === 0) return;
	add(line[0][0], line[0][1]);
	let next = s; // distance along the line of the next point to place
	let walked = 0;
	for (let k = 1; k < line.length; k++) {
		const a = line[k - 1], b = line[k];
		const len = rulerAt((a[1] + b[1]) / 2).distance(a as [number, number], b as [number, number]);
		while (len > 0 && next <= walked + len) {
			const t = (next - walked) / len;
			add(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]));
			next += s;
		}
		walked += len;
	}
	const end = line[line.length - 1];
	add(end[0], end[1]);
}
