/**
 * Hotspots into zones at city scale: 1,000,000 points into 2,000 zone polygons (scale 1), per-zone
 * counts, beside a naive loop (Turf booleanPointInPolygon over every zone, in order, until one
 * contains the point) timed on a subsample and scaled linearly to the full point count.
 *
 *   npx tsx bench/zones.ts [--scale S]     (default 0.1: 100,000 points; zones stay at 2,000)
 *
 * Zones are synthetic and deterministic: a 50 × 40 grid whose shared corners and edge vertices are
 * jittered, so neighbours share exact boundaries and every zone is an irregular 12-gon; every 7th
 * zone has a hole, and the next zone owns an island inside that hole (a MultiPolygon).
 * Prints one JSON line per figure.
 */
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { assignPointsToZones } from '../src/lib/analysis/zone-assign';

const { values } = parseArgs({ options: { scale: { type: 'string' } } });
const scale = values.scale === undefined ? 0.1 : Number(values.scale);
if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale must be a positive number, got ${values.scale}`);

const COLS = 50;
const ROWS = 40;
const CELL_DEG = 0.004; // about 390 m × 440 m at 28° N: a 20 km × 18 km city
const ORIGIN: Position = [113.0, 28.0];
const POINTS = Math.round(1_000_000 * scale);
const NAIVE_SAMPLE = Math.min(POINTS, 2_000);

function syntheticZones(): FeatureCollection<Polygon | MultiPolygon> {
	const rng = seedrandom('sanimap-bench-zones');
	const jitter = () => (rng() - 0.5) * CELL_DEG * 0.3;
	const corner: Position[][] = [];
	for (let i = 0; i <= COLS; i++) {
		corner.push([]);
		for (let j = 0; j <= ROWS; j++) corner[i].push([ORIGIN[0] + i * CELL_DEG + jitter(), ORIGIN[1] + j * CELL_DEG + jitter()]);
	}
	// Two interior vertices per grid edge, keyed by edge, so both neighbours use the same ones.
	const edgeVertices = new Map<string, Position[]>();
	const edge = (a: Position, b: Position, key: string): Position[] => {
		let vs = edgeVertices.get(key);
		if (!vs) {
			vs = [1 / 3, 2 / 3].map((t) => [a[0] + (b[0] - a[0]) * t + jitter() * 0.5, a[1] + (b[1] - a[1]) * t + jitter() * 0.5]);
			edgeVertices.set(key, vs);
		}
		return vs;
	};
	const features: Feature<Polygon | MultiPolygon>[] = [];
	const islands = new Map<number, Position[]>();
	for (let j = 0; j < ROWS; j++) {
		for (let i = 0; i < COLS; i++) {
			const sw = corner[i][j], se = corner[i + 1][j], ne = corner[i + 1][j + 1], nw = corner[i][j + 1];
			const south = edge(sw, se, `h${i},${j}`);
			const east = edge(se, ne, `v${i + 1},${j}`);
			const north = edge(nw, ne, `h${i},${j + 1}`).slice().reverse();
			const west = edge(sw, nw, `v${i},${j}`).slice().reverse();
			const outer = [sw, ...south, se, ...east, ne, ...north, nw, ...west, sw];
			const index = features.length;
			const cx = ORIGIN[0] + (i + 0.5) * CELL_DEG, cy = ORIGIN[1] + (j + 0.5) * CELL_DEG;
			const square = (r: number): Position[] => [[cx - r, cy - r], [cx + r, cy - r], [cx + r, cy + r], [cx - r, cy + r], [cx - r, cy - r]];
			const rings = index % 7 === 0 ? [outer, square(CELL_DEG * 0.2).reverse()] : [outer];
			if (index % 7 === 0) islands.set(index + 1, square(CELL_DEG * 0.1));
			const island = islands.get(index);
			const geometry: Polygon | MultiPolygon = island ? { type: 'MultiPolygon', coordinates: [rings, [island]] } : { type: 'Polygon', coordinates: rings };
			features.push({ type: 'Feature', id: `z${index}`, properties: { name: `Zone ${index}` }, geometry });
		}
	}
	return { type: 'FeatureCollection', features };
}

function syntheticPoints(n: number): FeatureCollection<Point> {
	const rng = seedrandom('sanimap-bench-points');
	// A margin around the grid so some points fall outside every zone.
	const margin = CELL_DEG * 2;
	const w = COLS * CELL_DEG + 2 * margin, h = ROWS * CELL_DEG + 2 * margin;
	const features: Feature<Point>[] = new Array(n);
	for (let k = 0; k < n; k++) {
		features[k] = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [ORIGIN[0] - margin + rng() * w, ORIGIN[1] - margin + rng() * h] } };
	}
	return { type: 'FeatureCollection', features };
}

function naiveCounts(points: Feature<Point>[], zones: Feature<Polygon | MultiPolygon>[]): number[] {
	const counts = new Array<number>(zones.length).fill(0);
	for (const p of points) {
		for (let z = 0; z < zones.length; z++) {
			if (booleanPointInPolygon(p, zones[z])) {
				counts[z]++;
				break;
			}
		}
	}
	return counts;
}

function print(metric: string, value: number, unit: string, baseline: string | null, baselineValue: number | null) {
	const round = (x: number) => Math.round(x * 1000) / 1000;
	console.log(
		JSON.stringify({
			bench: 'zones',
			scale,
			metric,
			value: round(value),
			unit,
			baseline,
			baselineValue: baselineValue === null ? null : round(baselineValue),
			ratio: baselineValue === null ? null : round(baselineValue / value)
		})
	);
}

const zones = syntheticZones();
const points = syntheticPoints(POINTS);

// Warm the JIT on a small slice first so the timed run measures steady-state code.
assignPointsToZones(points.features.slice(0, 20_000), zones);

const t0 = performance.now();
const result = assignPointsToZones(points, zones);
const fastMs = performance.now() - t0;

const sample = points.features.slice(0, NAIVE_SAMPLE);
const t1 = performance.now();
const naive = naiveCounts(sample, zones.features);
const naiveSampleMs = performance.now() - t1;
const naiveScaledMs = (naiveSampleMs * POINTS) / NAIVE_SAMPLE;

// The two methods must agree on the sample, or the speed figure means nothing.
const fastOnSample = assignPointsToZones(sample, zones).counts;
const mismatches = fastOnSample.reduce((n, c, i) => n + (c === naive[i] ? 0 : 1), 0);
if (mismatches > 0) throw new Error(`indexed and naive counts differ in ${mismatches} zones`);

print('points_into_zones_ms', fastMs, 'ms', 'turf_booleanPointInPolygon_all_zones_scaled', naiveScaledMs);
print('points_per_second', (POINTS / fastMs) * 1000, 'points/s', null, null);
print('zones', zones.features.length, 'zones', null, null);
print('points', POINTS, 'points', null, null);
print('points_outside', result.outside, 'points', null, null);
print('naive_sample_points', NAIVE_SAMPLE, 'points', null, null);
