/**
 * The planners' and managers' analyses at city scale, through the HTTP API over the stored city
 * (the real built server, its database seeded by bench/city, the city's buildings as its buildings
 * context layer): coverage, spacing gaps, suggested sites, road hardening and hotspots per zone. Each job is timed
 * cold (first call: the server loads the layers), warm (best of three, once the start's warm-up has
 * ended), and once more right after an edit of one feature of a layer it reads (what a manager sees
 * while the field staff work).
 *
 * With `--postgis` (PostgreSQL 15 + PostGIS installed locally) the same data is loaded into a
 * private cluster on port 5440 (created, then stopped and dropped at the end) and the equivalent
 * PostGIS query runs in the same run; the ratio is PostGIS time ÷ ours (> 1: we are faster).
 * Coverage and zones have a direct SQL equivalent; network spacing gaps (distances along roads) and
 * maximal-covering siting (an optimisation) have none in PostGIS without pgRouting or a solver,
 * and are printed without a ratio, saying so.
 *
 * `--store postgres` runs the app server on the city moved into PostgreSQL (lib/postgres-city.ts).
 *
 *   npx tsx bench/analysis-http.ts [--scale 0.01] [--postgis] [--store sqlite|postgres]
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { bbox as turfBbox } from '@turf/turf';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { appRoot, startServer } from '../tests/helpers/server';
import { ensureCity } from './city/store';
import { cityOnPostgres } from './lib/postgres-city';
import { printFigure } from './lib/timing';
import { hardeningOf } from '../src/lib/domain/surface';

const { values } = parseArgs({ options: { scale: { type: 'string' }, postgis: { type: 'boolean' }, store: { type: 'string' } } });
const STORE = values.store ?? 'sqlite';
if (STORE !== 'sqlite' && STORE !== 'postgres') throw new Error('--store must be sqlite or postgres');
const scale = Number(values.scale ?? 0.01);
const bench = 'analysis-http';
const PG_PORT = '5440';
const PG_CLUSTER = 'sanimapcity';
const YEAR = { from: '2024-01-01', to: '2025-01-01' };

const city = await ensureCity({ scale, log: (l) => console.error(l) });
const dir = mkdtempSync(join(tmpdir(), 'sanimap-bench-analysis-'));
chmodSync(dir, 0o755);

// A root folder for the server whose buildings context layer is the city's.
const root = join(dir, 'root');
mkdirSync(join(root, 'data', 'demo', 'basemap'), { recursive: true });
symlinkSync(join(appRoot, 'drizzle'), join(root, 'drizzle'));
symlinkSync(join(appRoot, 'drizzle-pg'), join(root, 'drizzle-pg'));
symlinkSync(join(city.dir, 'buildings.geojson'), join(root, 'data', 'demo', 'basemap', 'buildings.geojson'));
const dbPath = join(dir, 'city.db');
copyFileSync(city.dbPath, dbPath);

interface Job {
	name: string;
	request: (url: string, token: string) => Promise<Response>;
	postgis: string | null;
	/** A second PostGIS baseline that also produces the endpoint's larger output. */
	postgisWithOutput?: { label: string; sql: string };
	noPostgis?: string;
	/** The collection one feature of which is edited before the last call. */
	edits?: string;
	/** The request as printed, when it is not `GET /api/analysis/<name>`. */
	endpoint?: string;
	/** Also timed as the first request to a server that has just started. */
	coldStart?: boolean;
}

/** Buildings within 70 m (the default walking radius) of a bin that serves (not removed, not planned). */
const COVERED_BUILDINGS = `SELECT count(*) FROM buildings b WHERE EXISTS (SELECT 1 FROM bins s WHERE s.status NOT IN ('removed','planned') AND ST_DWithin(b.geog, s.geog, 70))`;

/** A district of the city (the middle zone's box, twice as wide), as a planner's map shows it. */
const VIEW = (() => {
	const zones = JSON.parse(readFileSync(join(city.dir, 'zones.geojson'), 'utf8')) as FeatureCollection;
	const [minX, minY, maxX, maxY] = turfBbox(zones.features[Math.floor(zones.features.length / 2)]);
	const w = (maxX - minX) / 2, h = (maxY - minY) / 2;
	return [minX - w, minY - h, maxX + w, maxY + h].map((n) => Number(n.toFixed(6)));
})();

const jobs: Job[] = [
	{
		name: 'coverage',
		coldStart: true,
		request: (url) => fetch(`${url}/api/analysis/coverage`),
		edits: 'bins',
		postgis: COVERED_BUILDINGS,
		// What the endpoint also answers: the uncovered buildings as a GeoJSON FeatureCollection
		// (built in full on the server; only its length travels back to psql).
		postgisWithOutput: {
			label: 'the equivalent PostGIS query that also builds the uncovered buildings as GeoJSON, as the endpoint returns them',
			sql: `WITH c AS (SELECT b.id, b.geog, EXISTS (SELECT 1 FROM bins s WHERE s.status NOT IN ('removed','planned') AND ST_DWithin(b.geog, s.geog, 70)) AS covered FROM buildings b)
				SELECT count(*) FILTER (WHERE covered), length(json_build_object('type', 'FeatureCollection', 'features',
					coalesce(json_agg(json_build_object('type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geog)::json)) FILTER (WHERE NOT covered), '[]'::json))::text) FROM c`
		}
	},
	{
		// The figures alone (overall and per zone), answered from the counts the worker keeps.
		name: 'coverage-figures',
		coldStart: true,
		endpoint: 'GET /api/analysis/coverage?uncovered=false',
		request: (url) => fetch(`${url}/api/analysis/coverage?uncovered=false`),
		edits: 'bins',
		postgis: COVERED_BUILDINGS
	},
	{
		// The planning map's view: the uncovered buildings of a district, a page of at most 20,000.
		name: 'coverage-uncovered-view',
		endpoint: `GET /api/analysis/coverage/uncovered?bbox=${VIEW.join(',')}&limit=20000`,
		request: (url) => fetch(`${url}/api/analysis/coverage/uncovered?bbox=${VIEW.join(',')}&limit=20000`),
		edits: 'bins',
		postgis: `SELECT count(*), length(coalesce(json_agg(json_build_object('type', 'Feature', 'id', b.id, 'geometry', ST_AsGeoJSON(b.geog)::json)), '[]'::json)::text) FROM buildings b
			WHERE b.geog && ST_MakeEnvelope(${VIEW.join(', ')}, 4326)::geography
			AND NOT EXISTS (SELECT 1 FROM bins s WHERE s.status NOT IN ('removed','planned') AND ST_DWithin(b.geog, s.geog, 70))`
	},
	{
		// The figures alone, kept up to date with the bins: the one after an edit of a bin takes that bin in.
		name: 'gaps',
		endpoint: 'GET /api/analysis/gaps?lines=false',
		request: (url) => fetch(`${url}/api/analysis/gaps?lines=false`),
		edits: 'bins',
		postgis: null,
		noPostgis: 'spacing gaps are measured along the road network; PostGIS has no network distance without pgRouting'
	},
	{
		// The planning map's view: the gap stretches of the same district, a page of at most 20,000.
		name: 'gap-lines-view',
		endpoint: `GET /api/analysis/gaps/lines?bbox=${VIEW.join(',')}&limit=20000`,
		request: (url) => fetch(`${url}/api/analysis/gaps/lines?bbox=${VIEW.join(',')}&limit=20000`),
		edits: 'bins',
		postgis: null,
		noPostgis: 'the stretches are those of the network gaps above'
	},
	{
		name: 'sites',
		request: (url, token) => fetch(`${url}/api/analysis/sites`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ count: 20 }) }),
		postgis: null,
		noPostgis: 'maximal-covering siting is an optimisation; PostGIS has no solver for it'
	},
	{
		name: 'hardening',
		coldStart: true,
		request: (url) => fetch(`${url}/api/analysis/hardening`),
		edits: 'road-segments',
		// Per zone, the length of road inside it (geodesic) and the hardened part: the two sums the rates come from.
		postgis: `SELECT z.id, sum(ST_Length(ST_Intersection(r.geom, z.geom)::geography)), sum(ST_Length(ST_Intersection(r.geom, z.geom)::geography)) FILTER (WHERE r.hardened)
			FROM zones z JOIN roads r ON ST_Intersects(z.geom, r.geom) GROUP BY z.id`
	},
	{
		name: 'zones',
		coldStart: true,
		request: (url) => fetch(`${url}/api/analysis/zones?from=${YEAR.from}&to=${YEAR.to}`),
		edits: 'hotspots',
		postgis: `SELECT z.id, count(h.id) FROM zones z LEFT JOIN hotspots h ON ST_Contains(z.geom, h.geom) AND h.reported_at >= '${YEAR.from}' AND h.reported_at < '${YEAR.to}' GROUP BY z.id`
	}
];

/** A CLI command on the city's own GeoJSON files, in a process of its own (read, index, answer), beside the same question asked of PostGIS. */
interface CliJob {
	name: string;
	args: string[];
	postgis: string;
}
const cityFile = (name: string) => join(city.dir, `${name}.geojson`);
const cliJobs: CliJob[] = [
	{
		name: 'zones',
		args: ['zones', '--points', cityFile('hotspots'), '--zones', cityFile('zones'), '--from', YEAR.from, '--to', YEAR.to, '--now', YEAR.to],
		postgis: jobs.find((j) => j.name === 'zones')!.postgis!
	},
	{ name: 'hardening', args: ['hardening', '--roads', cityFile('road-segments'), '--zones', cityFile('zones')], postgis: jobs.find((j) => j.name === 'hardening')!.postgis! },
	{
		name: 'coverage',
		args: ['coverage', '--targets', cityFile('buildings'), '--bins', cityFile('bins'), '--zones', cityFile('zones'), '--radius', '70'],
		// The command counts every bin of the file it is given, whatever its status.
		postgis: `SELECT count(*) FROM buildings b WHERE EXISTS (SELECT 1 FROM bins s WHERE ST_DWithin(b.geog, s.geog, 70))`
	}
];

/** Whether the server has said its warm-up has ended (its log keeps a tail only, so it is looked for once). */
let warmedUp = false;
const ours = new Map<string, { cold: number; warm: number; afterEdit?: number; status: number; note?: string }>();
// --store postgres: the app server on the city moved into PostgreSQL; the analyses run where they do on SQLite.
const onPostgres = STORE === 'postgres' ? await cityOnPostgres(dbPath, (line) => console.error(line)) : undefined;
// The states this server builds are saved here for the restarts below (SANIMAP_STATE_DIR).
const savedStates = join(dir, 'analysis-state');
const server = await startServer({ ...(onPostgres ? { databaseUrl: onPostgres.url } : { dbPath }), env: { SANIMAP_ROOT: root, SANIMAP_STATE_DIR: savedStates }, startTimeoutMs: 300_000 });
try {
	const token = await server.login();
	for (const job of jobs) {
		const times: number[] = [];
		let status = 0, note: string | undefined;
		for (let k = 0; k < 4; k++) {
			const t0 = performance.now();
			const res = await job.request(server.url, token);
			const text = await res.text();
			times.push(performance.now() - t0);
			status = res.status;
			if (!res.ok) {
				note = `HTTP ${res.status}: ${text.slice(0, 200)}`;
				break;
			}
			if (k === 0) await warmUpEnded(server);
		}
		let afterEdit: number | undefined;
		if (job.edits && !note) {
			await editOne(server.url, token, job.edits);
			const t0 = performance.now();
			const res = await job.request(server.url, token);
			await res.text();
			afterEdit = performance.now() - t0;
		}
		ours.set(job.name, { cold: times[0], warm: Math.min(...times.slice(1)), afterEdit, status, note });
	}
} finally {
	await server.stop();
}
// A server of its own for each: the first request after the start waits for whatever state of
// the start's warm-up it needs, which the runs above had long built. Once with nothing saved (a
// first start), once on the states the server above saved (a restart; the edits above since).
const coldStarts = new Map<string, number>();
const restarts = new Map<string, number>();
async function firstRequest(job: Job, stateDir: string | undefined): Promise<number | undefined> {
	const fresh = await startServer({ ...(onPostgres ? { databaseUrl: onPostgres.url } : { dbPath }), env: { SANIMAP_ROOT: root, ...(stateDir ? { SANIMAP_STATE_DIR: stateDir } : {}) }, startTimeoutMs: 300_000 });
	try {
		const token = await fresh.login();
		const t0 = performance.now();
		const res = await job.request(fresh.url, token);
		await res.text();
		return res.ok ? performance.now() - t0 : undefined;
	} finally {
		await fresh.stop();
	}
}
try {
	for (const job of jobs.filter((j) => j.coldStart)) {
		const cold = await firstRequest(job, undefined);
		if (cold !== undefined) coldStarts.set(job.name, cold);
		const restart = await firstRequest(job, savedStates);
		if (restart !== undefined) restarts.set(job.name, restart);
	}
} finally {
	onPostgres?.stop();
}

// The CLI as a user runs it (`npm run --silent cli -- …` is tsx on src/cli/main.ts), best of two.
const cliTimes = new Map<string, number>();
for (const job of cliJobs) {
	let best = Infinity;
	for (let k = 0; k < 2; k++) {
		const t0 = performance.now();
		execFileSync(process.execPath, ['--max-old-space-size=12000', '--import', 'tsx', join(appRoot, 'src', 'cli', 'main.ts'), ...job.args], { cwd: appRoot, stdio: ['ignore', 'ignore', 'inherit'] });
		best = Math.min(best, performance.now() - t0);
	}
	cliTimes.set(job.name, best);
}

const pg = values.postgis ? await postgisTimes() : null;
for (const job of jobs) {
	const o = ours.get(job.name)!;
	const common = { bench, store: STORE, scale, job: job.name, endpoint: job.endpoint ?? (job.name === 'sites' ? 'POST /api/analysis/sites' : `GET /api/analysis/${job.name}`) };
	if (o.note) {
		printFigure({ ...common, metric: 'time', value: NaN, unit: 'ms', note: `could not run: ${o.note}` });
		continue;
	}
	const pgMs = pg?.get(job.name);
	const baseline = job.postgis === null ? null : pg ? 'the equivalent PostGIS query, same data, indexed' : null;
	const note = job.postgis === null ? job.noPostgis : pg ? undefined : 'PostGIS comparison not run (pass --postgis where PostgreSQL 15 + PostGIS are installed)';
	printFigure({ ...common, metric: 'time-warm', value: o.warm, unit: 'ms', baseline, baselineValue: baseline ? (pgMs ?? null) : null, note, coldMs: Math.round(o.cold) });
	const coldStart = coldStarts.get(job.name);
	if (coldStart !== undefined) {
		printFigure({ ...common, metric: 'time-cold-start', value: coldStart, unit: 'ms', baseline, baselineValue: baseline ? (pgMs ?? null) : null, note: 'the first request to a server the moment it has started, nothing saved' });
	}
	const restart = restarts.get(job.name);
	if (restart !== undefined) {
		printFigure({ ...common, metric: 'time-restart', value: restart, unit: 'ms', baseline, baselineValue: baseline ? (pgMs ?? null) : null, note: 'the first request to a server the moment it has started on the states the last one saved (hotspots, roads, and the coverage counts at the project’s radii), edits since read again' });
	}
	if (o.afterEdit !== undefined) {
		printFigure({ ...common, metric: 'time-after-edit', value: o.afterEdit, unit: 'ms', baseline, baselineValue: baseline ? (pgMs ?? null) : null, edited: `one ${job.edits} feature's description` });
	}
	const pgFullMs = pg?.get(`${job.name}+output`);
	if (job.postgisWithOutput && pgFullMs !== undefined) {
		printFigure({ ...common, metric: 'time-warm', value: o.warm, unit: 'ms', baseline: job.postgisWithOutput.label, baselineValue: pgFullMs, coldMs: Math.round(o.cold) });
	}
}
for (const job of cliJobs) {
	const pgMs = pg?.get(`cli ${job.name}`);
	printFigure({
		bench,
		scale,
		job: job.name,
		endpoint: `cli ${job.name} on the city's GeoJSON files`,
		metric: 'cli-time',
		value: cliTimes.get(job.name)!,
		unit: 'ms',
		baseline: pg ? 'the equivalent PostGIS query alone, same data, indexed' : null,
		baselineValue: pgMs ?? null,
		note: 'a process of its own: starting it, reading and parsing the files, indexing, answering'
	});
}
rmSync(dir, { recursive: true, force: true });

/**
 * The warm figures are those of the kept state: measured once the start's warm-up has ended (the
 * server says so), not while its later parts hold the worker. The cold first request does not wait.
 */
async function warmUpEnded(running: { output(): string }): Promise<void> {
	const deadline = Date.now() + 300_000;
	while (!warmedUp && !(warmedUp = running.output().includes('the analysis warm-up has ended'))) {
		if (Date.now() > deadline) throw new Error('analysis-http: the server did not say its warm-up had ended within 5 minutes.');
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Changes the description of the first feature of a collection, as an editor would. */
async function editOne(url: string, token: string, collection: string): Promise<void> {
	const page = await (await fetch(`${url}/api/collections/${collection}/items?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json();
	const [feature] = page.features as { id: number; version: number }[];
	const res = await fetch(`${url}/api/collections/${collection}/items/${feature.id}`, {
		method: 'PATCH',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${feature.version}"` },
		body: JSON.stringify({ properties: { description: `edited at ${Date.now()}` } })
	});
	if (!res.ok) throw new Error(`analysis-http: the edit of ${collection} ${feature.id} was refused: ${res.status} ${await res.text()}`);
}

/** Loads the city into a private PostGIS cluster, times each query (best of three), drops the cluster. */
async function postgisTimes(): Promise<Map<string, number> | null> {
	const hasPg = existsSync('/usr/bin/pg_createcluster') && existsSync('/usr/share/postgresql/15/extension/postgis.control');
	if (!hasPg) {
		console.error('analysis-http: PostGIS is not installed (apt-get install -y postgresql postgresql-15-postgis-3); no PostGIS comparison.');
		return null;
	}
	const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
	const psql = (sql: string) => sh('runuser', ['-u', 'postgres', '--', 'psql', '-p', PG_PORT, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql]);
	try {
		sh('pg_createcluster', ['15', PG_CLUSTER, '-p', PG_PORT]);
		sh('pg_ctlcluster', ['15', PG_CLUSTER, 'start']);
		psql('CREATE EXTENSION postgis');
		return await loadAndTime(psql);
	} finally {
		try {
			sh('pg_ctlcluster', ['15', PG_CLUSTER, 'stop']);
		} catch {
			/* not started */
		}
		try {
			sh('pg_dropcluster', ['15', PG_CLUSTER]);
		} catch {
			/* not created */
		}
	}
}

async function loadAndTime(psql: (sql: string) => string): Promise<Map<string, number>> {
	const csv = async (collection: string, row: (f: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }, i: number) => string) => {
		const path = join(dir, `${collection}.csv`);
		const out = createWriteStream(path);
		const lines = createInterface({ input: createReadStream(join(city.dir, `${collection}.geojson`)) });
		let i = 0;
		for await (const line of lines) {
			const text = line.replace(/,$/, '');
			if (!text.startsWith('{"type":"Feature"')) continue;
			if (!out.write(row(JSON.parse(text), i++) + '\n')) await once(out, 'drain');
		}
		out.end();
		await once(out, 'finish');
		chmodSync(path, 0o644);
		return path;
	};
	{
		const wkt = (g: { type: string; coordinates: unknown }) =>
			g.type === 'Point' ? `POINT(${(g.coordinates as number[]).join(' ')})` : `POLYGON((${(g.coordinates as number[][][])[0].map((c) => c.join(' ')).join(',')}))`;
		const buildings = await csv('buildings', (f, i) => `${i + 1}\t${wkt(f.geometry)}`);
		const bins = await csv('bins', (f, i) => `${i + 1}\t${f.properties.status}\t${wkt(f.geometry)}`);
		const zones = await csv('zones', (f, i) => `${i + 1}\t${wkt(f.geometry)}`);
		const hotspots = await csv('hotspots', (f, i) => `${i + 1}\t${f.properties.reportedAt}\t${wkt(f.geometry)}`);
		// Whether each road is hardened, as sanimap reads its surface: worked out here, outside the timed query.
		const roads = await csv('road-segments', (f, i) => {
			const h = hardeningOf(f.properties);
			return `${i + 1}\t${h === 'unknown' ? '\\N' : h === 'hardened'}\tLINESTRING(${(f.geometry.coordinates as number[][]).map((c) => c.join(' ')).join(',')})`;
		});
		const t0 = performance.now();
		psql(`CREATE TABLE buildings (id int PRIMARY KEY, wkt text); COPY buildings FROM '${buildings}';
			ALTER TABLE buildings ADD COLUMN geog geography; UPDATE buildings SET geog = ST_GeogFromText(wkt); CREATE INDEX ON buildings USING gist (geog);
			CREATE TABLE bins (id int PRIMARY KEY, status text, wkt text); COPY bins FROM '${bins}';
			ALTER TABLE bins ADD COLUMN geog geography; UPDATE bins SET geog = ST_GeogFromText(wkt); CREATE INDEX ON bins USING gist (geog);
			CREATE TABLE zones (id int PRIMARY KEY, wkt text); COPY zones FROM '${zones}';
			ALTER TABLE zones ADD COLUMN geom geometry(Polygon, 4326); UPDATE zones SET geom = ST_GeomFromText(wkt, 4326); CREATE INDEX ON zones USING gist (geom);
			CREATE TABLE hotspots (id int PRIMARY KEY, reported_at timestamptz, wkt text); COPY hotspots FROM '${hotspots}';
			ALTER TABLE hotspots ADD COLUMN geom geometry(Point, 4326); UPDATE hotspots SET geom = ST_GeomFromText(wkt, 4326); CREATE INDEX ON hotspots USING gist (geom);
			CREATE TABLE roads (id int PRIMARY KEY, hardened boolean, wkt text); COPY roads FROM '${roads}';
			ALTER TABLE roads ADD COLUMN geom geometry(LineString, 4326); UPDATE roads SET geom = ST_GeomFromText(wkt, 4326); CREATE INDEX ON roads USING gist (geom);
			ANALYZE;`);
		console.error(`analysis-http: loaded the city into PostGIS in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
		const times = new Map<string, number>();
		for (const job of jobs) {
			if (!job.postgis) continue;
			// The server's own time (psql's \timing), best of three: no process start in the figure.
			let best = Infinity;
			for (let k = 0; k < 3; k++) {
				const out = psqlTimed(job.postgis);
				best = Math.min(best, out);
			}
			times.set(job.name, best);
			if (job.postgisWithOutput) {
				let bestFull = Infinity;
				for (let k = 0; k < 3; k++) bestFull = Math.min(bestFull, psqlTimed(job.postgisWithOutput.sql));
				times.set(`${job.name}+output`, bestFull);
			}
		}
		for (const job of cliJobs) {
			let best = Infinity;
			for (let k = 0; k < 3; k++) best = Math.min(best, psqlTimed(job.postgis));
			times.set(`cli ${job.name}`, best);
		}
		return times;
	}
}

function psqlTimed(sql: string): number {
	const out = execFileSync('runuser', ['-u', 'postgres', '--', 'psql', '-p', PG_PORT, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', '\\timing on', '-c', sql]).toString();
	const m = /Time: ([\d.]+) ms/.exec(out);
	if (!m) throw new Error(`psql printed no timing: ${out.slice(0, 200)}`);
	return Number(m[1]);
}
