/**
 * Benchmarks coverage, spacing gaps and greedy siting on a synthetic city, each beside a naive
 * Turf baseline (every pair measured with turf.distance, timed on a subsample and scaled up
 * linearly). Prints one JSON line per figure (our time: best of three runs); asserts nothing.
 *
 *   npx tsx bench/coverage.ts [--scale S]     (scale 1: 1,000,000 targets × 50,000 bins,
 *                                             20,000 km of road; siting on a tenth of that city)
 *
 * Coverage is also compared with PostGIS when one is reachable (bench/lib/postgis.ts): the same
 * city loaded with COPY, `ST_DWithin(geography)` behind GiST indexes, index builds counted on both
 * sides. A private cluster for it, removed again afterwards:
 *
 *   apt-get install -y postgresql postgresql-15-postgis-3
 *   pg_createcluster 15 bench -p 5439 && pg_ctlcluster 15 bench start
 *   su postgres -c "psql -p 5439 -c \"CREATE USER sanimap SUPERUSER PASSWORD 'sanimap'\" -c 'CREATE DATABASE sanimap_bench OWNER sanimap'"
 *   SANIMAP_BENCH_PG=postgres://sanimap:sanimap@127.0.0.1:5439/sanimap_bench npx tsx bench/coverage.ts --scale 1
 *   pg_ctlcluster 15 bench stop && pg_dropcluster 15 bench
 */
import { parseArgs } from 'node:util';
import { distance } from '@turf/turf';
import type { Feature, Point, Polygon } from 'geojson';
import { syntheticCity } from './lib/synthetic-city';
import { computeCoverage } from '../src/lib/analysis/coverage';
import { computeSpacingGaps } from '../src/lib/analysis/gaps';
import { suggestSites } from '../src/lib/analysis/siting';
import { connectPostgis, dropCity, loadCity, postgisCoverage } from './lib/postgis';

const { values } = parseArgs({ options: { scale: { type: 'string' }, seed: { type: 'string' } } });
const scale = Number(values.scale ?? 0.1);
if (!(scale > 0)) throw new Error('--scale must be a positive number');
const seed = values.seed ?? 'sanimap-bench';

function print(bench: string, metric: string, value: number, unit: string, baseline: string | null, baselineValue: number | null, extra: Record<string, unknown> = {}) {
	const round = (x: number) => Math.round(x * 10) / 10;
	console.log(
		JSON.stringify({
			bench,
			scale,
			metric,
			value: round(value),
			unit,
			baseline,
			baselineValue: baselineValue === null ? null : round(baselineValue),
			ratio: baselineValue === null ? null : Math.round((baselineValue / value) * 10) / 10,
			...extra
		})
	);
}

function time<T>(run: () => T): [T, number] {
	const t0 = performance.now();
	const result = run();
	return [result, performance.now() - t0];
}

/** Best of three runs: the machine is shared, and the best run is the least disturbed one. */
function bestOf<T>(run: () => T): [T, number] {
	let best: [T, number] | null = null;
	for (let k = 0; k < 3; k++) {
		const r = time(run);
		if (!best || r[1] < best[1]) best = r;
	}
	return best!;
}

/** Time of `pairs` turf.distance calls, measured on `sample` of them. */
function turfScanMs(from: [number, number][], to: [number, number][], pairs: number): number {
	let sink = 0;
	const t0 = performance.now();
	for (const a of from) for (const b of to) sink += distance(a, b, { units: 'meters' }) < 70 ? 1 : 0;
	const ms = performance.now() - t0;
	if (sink < 0) console.log(sink); // keep the loop from being optimised away
	return (ms / (from.length * to.length)) * pairs;
}

const anchor = (f: Feature<Point | Polygon>): [number, number] =>
	(f.geometry.type === 'Point' ? f.geometry.coordinates : f.geometry.coordinates[0][0]) as [number, number];

// --- coverage and gaps on the whole city
const [city, genMs] = time(() => syntheticCity({ seed, scale }));
const binPoints = city.bins.features.map((b) => b.geometry.coordinates as [number, number]);
const targetCount = city.targets.features.length;
print('city', 'generate', genMs, 'ms', null, null, { targets: targetCount, bins: binPoints.length, roads: city.roads.features.length });

const [coverage, coverageMs] = bestOf(() => computeCoverage(city.bins, city.targets, { radiusM: 70 }));
const sampleTargets = city.targets.features.slice(0, 20).map(anchor);
print('coverage', 'time', coverageMs, 'ms', 'turf-distance-scan', turfScanMs(sampleTargets, binPoints, targetCount * binPoints.length), {
	targets: targetCount,
	bins: binPoints.length,
	coveredPct: coverage.coveredPct
});

// --- the same coverage job in PostGIS, when there is one
const pg = connectPostgis();
if (!pg.ok) {
	console.log(JSON.stringify({ bench: 'coverage-postgis', scale, skipped: true, reason: `PostGIS baseline not run: ${pg.reason}` }));
} else {
	const [, loadMs] = time(() => loadCity(pg.db, city.bins, city.targets));
	const runs = [postgisCoverage(pg.db, 70), postgisCoverage(pg.db, 70)];
	const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
	dropCity(pg.db);
	print('coverage', 'time-vs-postgis', coverageMs, 'ms', `postgis-${pg.db.version}-st_dwithin-geography-gist`, best.ms, {
		timed: 'index builds + query on both sides; loading not timed',
		postgisIndexMs: Math.round(best.indexMs),
		postgisQueryMs: Math.round(best.queryMs),
		postgisLoadMs: Math.round(loadMs),
		covered: coverage.covered,
		postgisCovered: best.covered,
		// cheap-ruler against PostGIS's spheroid: a handful of targets within millimetres of R may differ.
		coveredDiff: best.covered - coverage.covered
	});
}

const [gaps, gapsMs] = bestOf(() => computeSpacingGaps(city.bins, city.roads));
// Baseline: road sampled every 10 m, each sample against every bin (Euclidean, not even network).
const roadSamples = Math.round(gaps.roadLengthM / 10);
const sampleRoad = city.roads.features.slice(0, 10).map((r) => r.geometry.coordinates[1] as [number, number]);
print('gaps', 'time', gapsMs, 'ms', 'turf-distance-scan', turfScanMs(sampleRoad, binPoints, roadSamples * binPoints.length), {
	roadKm: Math.round(gaps.roadLengthM / 1000),
	bins: binPoints.length,
	gapKm: Math.round(gaps.gapLengthM / 1000),
	gaps: gaps.gaps
});

// --- greedy siting on a tenth of the city: 100,000 targets, ~200,000 candidates at scale 1
const district = syntheticCity({ seed: `${seed}-district`, scale: scale / 10 });
let sitingMs = Infinity;
let sites!: Awaited<ReturnType<typeof suggestSites>>;
for (let k = 0; k < 3; k++) {
	const t0 = performance.now();
	sites = await suggestSites(district.bins, district.targets, district.roads, { count: 50, radiusM: 70 });
	sitingMs = Math.min(sitingMs, performance.now() - t0);
}
const candidatePoints = district.roads.features.slice(0, 1).map((r) => r.geometry.coordinates[0] as [number, number]);
const districtTargets = district.targets.features.map(anchor);
// Baseline: the candidate × target coverage matrix by turf.distance (then greedy, not counted).
print('siting-greedy', 'time', sitingMs, 'ms', 'turf-distance-matrix', turfScanMs(candidatePoints, districtTargets.slice(0, 5000), sites.candidates * districtTargets.length), {
	count: 50,
	targets: districtTargets.length,
	candidates: sites.candidates,
	targetGroups: sites.targetGroups,
	gain: sites.gain
});
