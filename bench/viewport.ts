/**
 * Viewport queries at city scale: the `/items?bbox=` read behind every map pan, through
 * FeatureRepository.query (R*Tree), beside the same query without the R*Tree.
 *
 *   npx tsx bench/viewport.ts [--count 200000] [--queries 300] [--seed S]
 *
 * Data: `count` features of seven kinds (points, and drains and road segments as short lines of
 * 20–200 m) in a 30 × 30 km city, clustered: 85 % around 60 neighbourhood centres (Gaussian,
 * σ 0.4–1.5 km), 15 % spread evenly. Seeded through ChangesetRepository.apply, 5,000 features
 * per changeset, as an import would (every feature also gets its first row in feature_versions).
 *
 * Queries: ~1 × 1 km windows centred near a random feature (where people look), one kind each,
 * limit 10,000 so every match comes back. Baseline: the identical SQL minus the R*Tree condition,
 * which SQLite runs on its `features_kind (kind, deleted_at)` index, scanning every live feature
 * of that kind: the plan the table has without the R*Tree (not a forced full-table scan, which
 * would flatter us). Both return the same rows through the same row mapping; every query's ids
 * are checked equal. A second baseline, the full-table scan (NOT INDEXED, raw rows without
 * parsing, so it is if anything flattered), is printed beside it. Prints one JSON line per
 * figure, then a summary line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import { openDatabase } from '../src/lib/server/db';
import { features } from '../src/lib/server/db/schema';
import { ChangesetRepository, type EditOp } from '../src/lib/server/repositories/changesets';
import { FeatureRepository, type Bbox } from '../src/lib/server/repositories/features';
import { toStoredFeature } from '../src/lib/server/repositories/stored-feature';
import { percentile, printFigure, time } from './lib/timing';

const { values } = parseArgs({ options: { count: { type: 'string' }, queries: { type: 'string' }, seed: { type: 'string' } } });
const COUNT = Number(values.count ?? 200_000);
const QUERIES = Number(values.queries ?? 300);
if (!Number.isInteger(COUNT) || COUNT < 1000) throw new Error(`--count must be a whole number ≥ 1000, got ${values.count}`);
if (!Number.isInteger(QUERIES) || QUERIES < 10) throw new Error(`--queries must be a whole number ≥ 10, got ${values.queries}`);
const rng = seedrandom(values.seed ?? 'sanimap-bench-viewport');
const scale = COUNT / 200_000;
const BATCH = 5_000;
const RESULT_CAP = 2_000;

// --- the city: 30 × 30 km from (114.2 E, 30.4 N)
const ORIGIN = [114.2, 30.4] as const;
const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((ORIGIN[1] * Math.PI) / 180);
const SIDE_M = 30_000;
const toLonLat = (xM: number, yM: number): [number, number] => [ORIGIN[0] + xM / M_PER_DEG_LON, ORIGIN[1] + yM / M_PER_DEG_LAT];

const KIND_MIX: [kind: string, share: number, geometry: 'Point' | 'LineString'][] = [
	['bin', 0.3, 'Point'],
	['shop', 0.2, 'Point'],
	['hotspot', 0.12, 'Point'],
	['collectionPoint', 0.04, 'Point'],
	['displayBoard', 0.04, 'Point'],
	['drain', 0.1, 'LineString'],
	['roadSegment', 0.2, 'LineString']
];

function gaussian(): number {
	const u = 1 - rng(), v = rng();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const centres = Array.from({ length: 60 }, () => ({ x: 2_000 + rng() * (SIDE_M - 4_000), y: 2_000 + rng() * (SIDE_M - 4_000), sigma: 400 + rng() * 1_100 }));

function location(): [number, number] {
	if (rng() < 0.15) return [rng() * SIDE_M, rng() * SIDE_M];
	const c = centres[Math.floor(rng() * centres.length)];
	const clamp = (v: number) => Math.min(SIDE_M, Math.max(0, v));
	return [clamp(c.x + gaussian() * c.sigma), clamp(c.y + gaussian() * c.sigma)];
}

function pickKind(): (typeof KIND_MIX)[number] {
	let r = rng();
	for (const k of KIND_MIX) if ((r -= k[1]) < 0) return k;
	return KIND_MIX[0];
}

function makeFeature(i: number): EditOp {
	const [kind, , type] = pickKind();
	const [x, y] = location();
	let geometry: Geometry;
	if (type === 'Point') geometry = { type: 'Point', coordinates: toLonLat(x, y) };
	else {
		// A short street piece or drain: 2–4 vertices, 20–200 m long in all.
		const vertices = 2 + Math.floor(rng() * 3);
		const step = (20 + rng() * 180) / (vertices - 1);
		let heading = rng() * 2 * Math.PI;
		const coords: [number, number][] = [toLonLat(x, y)];
		let px = x, py = y;
		for (let v = 1; v < vertices; v++) {
			heading += (rng() - 0.5) * 0.6;
			px += Math.cos(heading) * step;
			py += Math.sin(heading) * step;
			coords.push(toLonLat(px, py));
		}
		geometry = { type: 'LineString', coordinates: coords };
	}
	return { op: 'create', kind, geometry, properties: { name: `${kind} ${i}` } };
}

// --- seed
const dir = mkdtempSync(join(tmpdir(), 'sanimap-bench-viewport-'));
try {
	const db = openDatabase(join(dir, 'bench.db'));
	const changesets = new ChangesetRepository(db);
	const repo = new FeatureRepository(db);
	const [, seedMs] = time(() => {
		for (let start = 0; start < COUNT; start += BATCH) {
			const ops: EditOp[] = [];
			for (let i = start; i < Math.min(COUNT, start + BATCH); i++) ops.push(makeFeature(i));
			changesets.apply({ author: 'bench', source: 'import', comment: `viewport bench ${start}` }, ops);
		}
	});
	db.$client.exec('ANALYZE');
	const kindsPresent = KIND_MIX.map(([k]) => k);

	// --- viewports: ~1 km square around a random stored feature, jittered by up to 500 m
	const maxId = changesets.liveFeatureCount();
	const windowFor = (): Bbox => {
		const id = 1 + Math.floor(rng() * maxId);
		const f = db.select({ minX: features.minX, minY: features.minY }).from(features).where(eq(features.id, id)).get()!;
		const cx = f.minX + ((rng() - 0.5) * 1_000) / M_PER_DEG_LON;
		const cy = f.minY + ((rng() - 0.5) * 1_000) / M_PER_DEG_LAT;
		const side = 800 + rng() * 400;
		const hx = side / 2 / M_PER_DEG_LON, hy = side / 2 / M_PER_DEG_LAT;
		return [cx - hx, cy - hy, cx + hx, cy + hy];
	};

	const ours = (kind: string, bbox: Bbox) => repo.query(kind, { bbox, limit: 10_000 }).features;
	const scan = (kind: string, bbox: Bbox) => {
		const [minX, minY, maxX, maxY] = bbox;
		return db
			.select()
			.from(features)
			.where(
				and(
					eq(features.kind, kind),
					isNull(features.deletedAt),
					sql`${features.maxX} >= ${minX} AND ${features.minX} <= ${maxX} AND ${features.maxY} >= ${minY} AND ${features.minY} <= ${maxY}`
				)
			)
			.orderBy(features.id)
			.limit(10_000)
			.all()
			.map(toStoredFeature);
	};
	// Second baseline, as often quoted: the bbox test over every row of the table (NOT INDEXED).
	const fullScanStmt = db.$client.prepare(
		`SELECT * FROM features NOT INDEXED WHERE kind = ? AND deleted_at IS NULL AND max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ? ORDER BY id LIMIT 10000`
	);
	const fullScan = (kind: string, bbox: Bbox) =>
		fullScanStmt.all(kind, bbox[0], bbox[2], bbox[1], bbox[3]).length;
	const plan = db.$client
		.prepare(`EXPLAIN QUERY PLAN SELECT * FROM features WHERE kind = ? AND deleted_at IS NULL AND max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ? ORDER BY id`)
		.all('bin', 0, 1, 0, 1)
		.map((r) => (r as { detail: string }).detail)
		.join('; ');

	// Warm both paths (page cache, prepared statements) before timing.
	for (let i = 0; i < 20; i++) {
		const bbox = windowFor();
		ours('bin', bbox);
		scan('bin', bbox);
	}

	const oursMs: number[] = [];
	const scanMs: number[] = [];
	const fullScanMs: number[] = [];
	const results: number[] = [];
	let skipped = 0;
	while (oursMs.length < QUERIES) {
		const kind = kindsPresent[oursMs.length % kindsPresent.length];
		const bbox = windowFor();
		// Alternate which runs first so neither always gets the warmer cache.
		const first = oursMs.length % 2 === 0;
		const [a, aMs] = first ? time(() => ours(kind, bbox)) : [null, 0];
		const [b, bMs] = time(() => scan(kind, bbox));
		const [c, cMs] = first ? [a!, aMs] : time(() => ours(kind, bbox));
		if (c.length > RESULT_CAP) {
			skipped++;
			continue;
		}
		const idsOurs = c.map((f) => f.id).join(',');
		const idsScan = b.map((f) => f.id).join(',');
		if (idsOurs !== idsScan) throw new Error(`R*Tree and scan disagree for ${kind} in ${bbox.join(',')}: ${c.length} vs ${b.length} features`);
		const [fullCount, fMs] = time(() => fullScan(kind, bbox));
		if (fullCount !== c.length) throw new Error(`Full scan found ${fullCount} features, the R*Tree ${c.length}`);
		oursMs.push(cMs);
		scanMs.push(bMs);
		fullScanMs.push(fMs);
		results.push(c.length);
	}

	const base = 'the same query on the kind index, no R*Tree';
	const common = { bench: 'viewport', scale, features: COUNT, queries: QUERIES };
	printFigure({ ...common, metric: 'seed', value: seedMs / 1000, unit: 's', via: `ChangesetRepository.apply, ${BATCH} per changeset`, featuresPerSecond: Math.round(COUNT / (seedMs / 1000)) });
	const p50 = percentile(oursMs, 50), p95 = percentile(oursMs, 95);
	const s50 = percentile(scanMs, 50), s95 = percentile(scanMs, 95);
	printFigure({ ...common, metric: 'query-p50', value: p50, unit: 'ms', baseline: base, baselineValue: s50 });
	printFigure({ ...common, metric: 'query-p95', value: p95, unit: 'ms', baseline: base, baselineValue: s95 });
	const totalOurs = oursMs.reduce((a, b) => a + b, 0), totalScan = scanMs.reduce((a, b) => a + b, 0);
	printFigure({ ...common, metric: 'query-mean', value: totalOurs / QUERIES, unit: 'ms', baseline: base, baselineValue: totalScan / QUERIES });
	const fullBase = 'full table scan (NOT INDEXED), raw rows';
	printFigure({ ...common, metric: 'query-p50', value: p50, unit: 'ms', baseline: fullBase, baselineValue: percentile(fullScanMs, 50) });
	printFigure({ ...common, metric: 'query-p95', value: p95, unit: 'ms', baseline: fullBase, baselineValue: percentile(fullScanMs, 95) });
	printFigure({
		...common,
		metric: 'results-per-query',
		value: percentile(results, 50),
		unit: 'features (p50)',
		p95: percentile(results, 95),
		max: Math.max(...results),
		windowsOverCap: skipped
	});
	console.log(
		`viewport: ${COUNT.toLocaleString('en')} features seeded in ${(seedMs / 1000).toFixed(1)} s; ${QUERIES} ~1 km viewports ` +
			`(p50 ${percentile(results, 50)}, max ${Math.max(...results)} features each): R*Tree p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms; ` +
			`without it p50 ${s50.toFixed(1)} ms, p95 ${s95.toFixed(1)} ms: ${(s50 / p50).toFixed(0)}× faster at p50 ` +
			`(target < 20 ms and ≥ 50×); against a full table scan (p50 ${percentile(fullScanMs, 50).toFixed(1)} ms) ` +
			`${(percentile(fullScanMs, 50) / p50).toFixed(0)}×. Baseline plan: ${plan}.`
	);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
