/**
 * The PostGIS baseline of the coverage benchmark: the same synthetic city loaded with COPY into a
 * local PostgreSQL + PostGIS, and the same question asked with `ST_DWithin` on geography behind
 * GiST indexes. Talks to the database through the `psql` command line (no driver dependency).
 *
 * Where: `SANIMAP_BENCH_PG` (a postgres:// URL), else the private bench cluster described at the top
 * of bench/coverage.ts (`postgres://sanimap:sanimap@127.0.0.1:5439/sanimap_bench`). When psql or the server is missing,
 * `connectPostgis` says why and the bench prints that instead of a baseline.
 *
 * What is timed, end to end from loaded data, as for our side: building the GiST indexes, ANALYZE,
 * and the coverage query. Loading the rows (COPY) is not timed on either side (ours: the GeoJSON
 * is already in memory).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { weightOf } from '../../src/lib/analysis/coverage-targets';

export const DEFAULT_BENCH_PG = 'postgres://sanimap:sanimap@127.0.0.1:5439/sanimap_bench';

export interface Postgis {
	url: string;
	version: string;
	/** Runs SQL, returns psql's unaligned, tuples-only output. */
	sql(text: string): string;
}

export type Connection = { ok: true; db: Postgis } | { ok: false; reason: string };

export function connectPostgis(url = process.env.SANIMAP_BENCH_PG || DEFAULT_BENCH_PG): Connection {
	const which = spawnSync('psql', ['--version'], { encoding: 'utf8' });
	if (which.error) return { ok: false, reason: 'psql is not installed (apt-get install -y postgresql postgresql-15-postgis-3)' };
	const sql = (text: string) =>
		execFileSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-c', text], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
	try {
		sql('CREATE EXTENSION IF NOT EXISTS postgis');
		return { ok: true, db: { url, version: sql('SELECT postgis_lib_version()'), sql } };
	} catch (e) {
		const stderr = String((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n')[0];
		return { ok: false, reason: `no PostGIS at ${url.replace(/:[^:@/]*@/, ':***@')} (${stderr})` };
	}
}

function wkt(f: Feature): string {
	const g = f.geometry as Point | Polygon;
	if (g.type === 'Point') return `SRID=4326;POINT(${g.coordinates[0]} ${g.coordinates[1]})`;
	return `SRID=4326;POLYGON(${g.coordinates.map((ring) => '(' + ring.map((c) => `${c[0]} ${c[1]}`).join(',') + ')').join(',')})`;
}

/** Writes bins and targets as CSV and COPYs them into fresh tables (untimed). */
export function loadCity(db: Postgis, bins: FeatureCollection, targets: FeatureCollection): void {
	const dir = mkdtempSync(join(tmpdir(), 'sanimap-pg-'));
	try {
		const binFile = join(dir, 'bins.csv'), targetFile = join(dir, 'targets.csv');
		writeFileSync(binFile, bins.features.map((f, i) => `${i},"${wkt(f)}"`).join('\n') + '\n');
		// Chunks keep the string well under V8's maximum length at a million polygons.
		const lines: string[] = [];
		targets.features.forEach((f, i) => lines.push(`${i},${weightOf(f.properties)},"${wkt(f)}"`));
		writeFileSync(targetFile, '');
		for (let k = 0; k < lines.length; k += 100_000) writeFileSync(targetFile, lines.slice(k, k + 100_000).join('\n') + '\n', { flag: 'a' });
		db.sql(`DROP TABLE IF EXISTS bench_bins, bench_targets;
			CREATE UNLOGGED TABLE bench_bins (id int PRIMARY KEY, geog geography(Point, 4326) NOT NULL);
			CREATE UNLOGGED TABLE bench_targets (id int PRIMARY KEY, weight float8 NOT NULL, geog geography NOT NULL);`);
		execFileSync('psql', [db.url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_bins FROM '${binFile}' WITH (FORMAT csv)`, '-c', `\\copy bench_targets FROM '${targetFile}' WITH (FORMAT csv)`], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export interface PostgisCoverage {
	covered: number;
	weightedCovered: number;
	/** Index builds + ANALYZE + the query, ms. */
	ms: number;
	indexMs: number;
	queryMs: number;
}

/** Builds the GiST indexes and counts the targets within `radiusM` of a bin (timed). */
export function postgisCoverage(db: Postgis, radiusM: number): PostgisCoverage {
	db.sql('DROP INDEX IF EXISTS bench_bins_geog, bench_targets_geog');
	const t0 = performance.now();
	db.sql('CREATE INDEX bench_bins_geog ON bench_bins USING gist (geog); CREATE INDEX bench_targets_geog ON bench_targets USING gist (geog); ANALYZE bench_bins; ANALYZE bench_targets;');
	const t1 = performance.now();
	// ST_DWithin on geography: spheroid distance, 0 inside a polygon, as our "nearest part" rule.
	const out = db.sql(`SELECT count(*), coalesce(sum(weight), 0) FROM bench_targets t
		WHERE EXISTS (SELECT 1 FROM bench_bins b WHERE ST_DWithin(t.geog, b.geog, ${Number(radiusM)}))`);
	const t2 = performance.now();
	const [covered, weighted] = out.split('|').map(Number);
	return { covered, weightedCovered: weighted, ms: t2 - t0, indexMs: t1 - t0, queryMs: t2 - t1 };
}

export function dropCity(db: Postgis): void {
	db.sql('DROP TABLE IF EXISTS bench_bins, bench_targets');
}
