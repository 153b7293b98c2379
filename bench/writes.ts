/**
 * Writes under load: the real built server on a copy of the seeded synthetic city, 32 concurrent
 * clients (autocannon) PATCHing features with If-Match, as editors do who have the layer loaded:
 * each edit names the version the client last saw (from the layer it loaded, its own last edit,
 * or the current version a 409 sent back). Attribute edits on shops and moves of bins, a fifth of
 * them aimed at 64 hot features so that clients collide. Afterwards every acknowledged edit is
 * checked against `feature_versions` in the database file: stored, with exactly the content sent,
 * each (feature, version) acknowledged once, and no feature's final version below its starting
 * version plus its acknowledged edits (a lost update). Edits still in flight when the run stops
 * may be stored without an acknowledgement; they are counted apart.
 *
 * Then, on the same server, batches: one client sending `POST /api/edits` with `--batch` attribute
 * edits of distinct shops each (the field outbox after a day offline, scripts), each batch stored
 * as one changeset; its edits are checked like the single ones.
 *
 * Beside it, in the same run: better-sqlite3's raw rate of one-row transactions with the server's
 * pragmas (the ceiling for one edit per transaction), and the same edits through
 * ChangesetRepository.apply in-process (the storage layer without HTTP).
 *
 * `--store postgres` runs the same on PostgreSQL + PostGIS: a private cluster of its own (synced to
 * disk, commits acknowledged before they are flushed, as SQLite's WAL with synchronous=NORMAL),
 * the city moved into it with `cli migrate`; `--servers 2` spreads the clients over two app
 * servers on that one database. Its baselines: one-row INSERT transactions through one pg
 * connection, and PgChangesetRepository.apply in-process.
 *
 *   npx tsx bench/writes.ts [--scale 0.01] [--duration 30] [--connections 32] [--batch 1000] [--store sqlite|postgres] [--servers 1|2] [--settle 0]
 *
 * `--settle S` waits S seconds after the servers have started before the load begins: at city
 * scale a start builds the analyses' kept state and the cluster indexes for half a minute, on the
 * cores the load shares, and the figures measured meanwhile are those of a server still starting.
 *
 * Needs a build: `npx vite build` (SANIMAP_BUILD_DIR picks another build folder).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// autocannon ships no types; the parts used here are typed locally (Request, Result).
// @ts-expect-error no declaration file
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import seedrandom from 'seedrandom';
import { openDatabase } from '../src/lib/server/db';
import { ChangesetRepository } from '../src/lib/server/repositories/changesets';
import pg from 'pg';
import { startServer } from '../tests/helpers/server';
import { cityOnPostgres } from './lib/postgres-city';
import { openPostgres } from '../src/lib/server/db/postgres';
import { GEOJSON_DECIMALS } from '../src/lib/server/db/postgres/geometry';
import { PgChangesetRepository } from '../src/lib/server/store/postgres/changesets';
import type { ChangesetStore } from '../src/lib/server/store/types';
import { ensureCity } from './city/store';
import { percentile, printFigure } from './lib/timing';

const { values } = parseArgs({
	options: { scale: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' }, store: { type: 'string' }, servers: { type: 'string' }, settle: { type: 'string' } }
});
const STORE = values.store ?? 'sqlite';
const SERVERS = Number(values.servers ?? 1);
if (STORE !== 'sqlite' && STORE !== 'postgres') throw new Error('--store must be sqlite or postgres');
if (!(SERVERS === 1 || (SERVERS === 2 && STORE === 'postgres'))) throw new Error('--servers 2 needs --store postgres (two servers share one PostgreSQL database)');
const scale = Number(values.scale ?? 0.01);
const DURATION_S = Number(values.duration ?? 30);
const CONNECTIONS = Number(values.connections ?? 32);
const BATCH = Number(values.batch ?? 1000);
/** Seconds to wait after the start before the load: a city's start builds its analysis state and cluster indexes on the same cores. */
const SETTLE_S = Number(values.settle ?? 0);
if (!(scale > 0) || !(DURATION_S > 0) || !(CONNECTIONS >= 1) || !(BATCH >= 1)) throw new Error('--scale, --duration, --connections and --batch must be positive numbers');
const rng = seedrandom(values.seed ?? 'sanimap-bench-writes');
const HOT = 64;
const bench = 'writes';

interface Ack {
	id: number;
	version: number;
	changesetId: number;
	sent: string;
	what: 'properties' | 'geometry';
}

const city = await ensureCity({ scale, log: (l) => console.error(l) });
const dir = mkdtempSync(join(tmpdir(), 'sanimap-bench-writes-'));
const dbPath = join(dir, 'city.db');
copyFileSync(city.dbPath, dbPath);

// The targets: every shop (attribute edits) and every bin (moves), with the state an editor loaded.
const pickDb = new Database(dbPath, { readonly: true });
const targets = pickDb.prepare(`SELECT id, kind, version, geometry FROM features WHERE kind IN ('shop', 'bin') AND deleted_at IS NULL`).all() as {
	id: number;
	kind: string;
	version: number;
	geometry: string;
}[];
pickDb.close();
const startVersion = new Map(targets.map((t) => [t.id, t.version]));
/** What each client knows of a feature: the version and position it last saw. */
const known = new Map(targets.map((t) => [t.id, { version: t.version, coordinates: JSON.parse(t.geometry).coordinates as number[] }]));
const hot = Array.from({ length: HOT }, () => targets[Math.floor(rng() * targets.length)]);
const pick = () => (rng() < 0.2 ? hot[Math.floor(rng() * HOT)] : targets[Math.floor(rng() * targets.length)]);
const collectionOf = (kind: string) => (kind === 'bin' ? 'bins' : 'shops');

const store = STORE === 'postgres' ? await postgresCity(dbPath) : undefined;
const rawRate = store ? await store.rawInsertRate() : measureRawInsertRate(dir);
const repoRate = store ? await store.repositoryEditRate() : await measureRepositoryEditRate(dbPath, dir);

const servers = await Promise.all(
	Array.from({ length: SERVERS }, () => startServer(store ? { databaseUrl: store.url, startTimeoutMs: 120_000 } : { dbPath, startTimeoutMs: 120_000 }))
);
const server = servers[0];
if (SETTLE_S > 0) await new Promise((resolve) => setTimeout(resolve, SETTLE_S * 1000));
const acks: Ack[] = [];
const patchMs: number[] = [];
const batchMs: number[] = [];
let conflicts = 0, otherErrors = 0, sequence = 0, batchedEdits = 0, batchErrors = 0, batchSeconds = 0;
type Request = Record<string, unknown>;
let result: { requests: { average: number }; errors: number; timeouts: number };
try {
	const token = await server.login();
	const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-sanimap-source': 'api' };
	type Ctx = { target: { id: number; kind: string }; sent: string; t0: number };
	// The clients split evenly over the servers, each share a load generator of its own.
	const load = (url: string, connections: number) => autocannon({
		url,
		connections,
		duration: DURATION_S,
		timeout: 60,
		headers,
		requests: [
			{
				method: 'PATCH',
				setupRequest: (req: Request, context: Ctx) => {
					const target = pick();
					const seen = known.get(target.id)!;
					context.target = target;
					const n = ++sequence;
					let body: string;
					if (target.kind === 'bin') {
						const [x, y] = seen.coordinates;
						const moved = [Math.round((x + (rng() - 0.5) * 1e-4) * 1e7) / 1e7, Math.round((y + (rng() - 0.5) * 1e-4) * 1e7) / 1e7];
						context.sent = JSON.stringify({ type: 'Point', coordinates: moved });
						body = `{"geometry":${context.sent}}`;
					} else {
						context.sent = `edit ${n}`;
						body = JSON.stringify({ properties: { description: context.sent } });
					}
					context.t0 = performance.now();
					return {
						...req,
						method: 'PATCH',
						path: `/api/collections/${collectionOf(target.kind)}/items/${target.id}`,
						headers: { ...headers, 'if-match': `"${seen.version}"` },
						body
					};
				},
				onResponse: (status: number, body: string, context: Ctx) => {
					patchMs.push(performance.now() - context.t0);
					if (status === 200) {
						const f = JSON.parse(body);
						acks.push({ id: f.id, version: f.version, changesetId: f.changesetId, sent: context.sent, what: context.target.kind === 'bin' ? 'geometry' : 'properties' });
						learn(f.id, f.version, f.geometry?.coordinates);
					} else if (status === 409) {
						conflicts++;
						const current = JSON.parse(body).details?.current;
						if (current) learn(current.id, current.version, current.geometry?.coordinates);
					} else otherErrors++;
				}
			}
		]
	});
	const results = await Promise.all(servers.map((s, i) => load(s.url, Math.floor(CONNECTIONS / SERVERS) + (i < CONNECTIONS % SERVERS ? 1 : 0))));
	result = { requests: { average: results.reduce((sum, r) => sum + r.requests.average, 0) }, errors: results.reduce((n, r) => n + r.errors, 0), timeouts: results.reduce((n, r) => n + r.timeouts, 0) };
	await sendBatches(headers);
} finally {
	await Promise.all(servers.map((s) => s.stop()));
}

// --- every acknowledged edit is there, with what was sent; no version acknowledged twice
const stored = store ? await store.storedVersions() : sqliteStoredVersions(dbPath);
let missing = 0, wrongContent = 0, duplicates = 0, lost = 0, unacknowledged = 0;
const seen = new Set<string>();
const perFeature = new Map<number, number>();
for (const a of acks) {
	const key = `${a.id}@${a.version}`;
	if (seen.has(key)) duplicates++;
	seen.add(key);
	perFeature.set(a.id, (perFeature.get(a.id) ?? 0) + 1);
	const row = stored.version(a.id, a.version);
	if (!row || row.changesetId !== a.changesetId) {
		missing++;
		continue;
	}
	const content = a.what === 'geometry' ? JSON.stringify(row.geometry) : (row.properties as { description?: string }).description;
	if (content !== a.sent) wrongContent++;
}
for (const [id, n] of perFeature) {
	const final = stored.finalVersion(id);
	if (final < startVersion.get(id)! + n) lost++;
	else unacknowledged += final - (startVersion.get(id)! + n);
}
stored.close();
await store?.close();
rmSync(dir, { recursive: true, force: true });

const edits = acks.length - batchedEdits;
const seconds = DURATION_S;
const common = { bench, store: STORE, servers: SERVERS, scale, connections: CONNECTIONS, durationS: DURATION_S, features: targets.length, ...(SETTLE_S > 0 ? { settledS: SETTLE_S } : {}) };
const rawBaseline = store ? 'pg one-row INSERT transactions, one connection' : 'better-sqlite3 one-row transactions, same pragmas';
printFigure({ ...common, metric: 'edits-per-second', value: edits / seconds, unit: 'edits/s', baseline: rawBaseline, baselineValue: rawRate, target: '≥ 1000' });
printFigure({ ...common, metric: 'edits-per-second', value: edits / seconds, unit: 'edits/s', baseline: `${store ? 'PgChangesetRepository' : 'ChangesetRepository'}.apply in-process, no HTTP`, baselineValue: repoRate });
printFigure({ ...common, metric: 'patch-latency-p50', value: percentile(patchMs, 50), unit: 'ms' });
printFigure({ ...common, metric: 'patch-latency-p99', value: percentile(patchMs, 99), unit: 'ms', target: '< 50' });
printFigure({ ...common, metric: 'batched-edits-per-second', value: batchedEdits / batchSeconds, unit: 'edits/s', batch: BATCH, batches: batchMs.length, baseline: rawBaseline, baselineValue: rawRate, target: '≥ 10000' });
printFigure({ ...common, metric: 'batch-latency-p99', value: percentile(batchMs, 99), unit: 'ms', batch: BATCH, errors: batchErrors });
printFigure({ ...common, metric: 'conflicts-409', value: conflicts, unit: 'responses', share: Math.round((conflicts / Math.max(1, conflicts + edits)) * 1000) / 10 });
printFigure({ ...common, metric: 'other-errors', value: otherErrors + result!.errors + result!.timeouts, unit: 'responses' });
printFigure({ ...common, metric: 'acknowledged-edits-missing', value: missing + wrongContent, unit: 'edits', acknowledged: acks.length, wrongContent });
printFigure({ ...common, metric: 'lost-updates', value: lost + duplicates, unit: 'edits', duplicateVersions: duplicates });
printFigure({ ...common, metric: 'stored-unacknowledged', value: unacknowledged, unit: 'edits', note: `in flight when the run stopped; at most ${CONNECTIONS}` });
console.error(
	`writes (${STORE}, ${SERVERS} server${SERVERS > 1 ? 's' : ''}): ${edits} edits in ${seconds} s = ${(edits / seconds).toFixed(0)}/s over ${CONNECTIONS} connections (p50 ${percentile(patchMs, 50).toFixed(1)} ms, ` +
		`p99 ${percentile(patchMs, 99).toFixed(1)} ms), ${conflicts} conflicts (409), ${otherErrors} other errors; ` +
		`batches of ${BATCH}: ${batchedEdits} edits in ${batchSeconds.toFixed(1)} s = ${(batchedEdits / batchSeconds).toFixed(0)}/s (p99 ${percentile(batchMs, 99).toFixed(0)} ms a batch, ${batchErrors} refused); ` +
		`raw one-row transactions ${rawRate.toFixed(0)}/s, repository ${repoRate.toFixed(0)}/s; missing ${missing}, wrong ${wrongContent}, lost ${lost}, duplicates ${duplicates}, stored unacknowledged ${unacknowledged}`
);

/**
 * One client, one batch at a time for a third of --duration: BATCH attribute edits of distinct
 * shops as one changeset each, at the versions last seen. Their acknowledgements join the others'
 * for the checks below.
 */
async function sendBatches(headers: Record<string, string>): Promise<void> {
	const shops = targets.filter((t) => t.kind === 'shop');
	const size = Math.min(BATCH, shops.length);
	// Edits still in flight when the load stopped were stored unacknowledged: read the versions as
	// stored now, and again after a refused batch (one of them may have landed after the read).
	// Every page of them: at city scale there are more shops than one page holds.
	const PAGE = 10_000;
	const relearn = async () => {
		for (let offset = 0; ; offset += PAGE) {
			const page = await (await fetch(`${server.url}/api/collections/shops/items?limit=${PAGE}&offset=${offset}`, { headers })).json();
			for (const f of page.features as { id: number; version: number }[]) learn(f.id, f.version, undefined);
			if (page.features.length < PAGE) break;
		}
	};
	await relearn();
	let cursor = 0;
	const t0 = performance.now();
	while (performance.now() - t0 < (DURATION_S * 1000) / 3) {
		const sent = new Map<number, string>();
		const edits = Array.from({ length: size }, () => {
			const shop = shops[cursor++ % shops.length];
			const text = `batch edit ${++sequence}`;
			sent.set(shop.id, text);
			return { type: 'patch', collection: 'shops', id: shop.id, version: known.get(shop.id)!.version, feature: { properties: { description: text } } };
		});
		const started = performance.now();
		const res = await fetch(`${server.url}/api/edits`, { method: 'POST', headers, body: JSON.stringify({ edits, comment: 'bench batch' }) });
		const body = await res.json();
		batchMs.push(performance.now() - started);
		if (res.status !== 201) {
			if (batchErrors++ === 0) console.error(`writes: a batch was refused: ${res.status} ${body.code} ${body.message}`);
			await relearn();
			continue;
		}
		for (const f of body.features as { id: number; version: number }[]) {
			acks.push({ id: f.id, version: f.version, changesetId: body.changeset.id, sent: sent.get(f.id)!, what: 'properties' });
			learn(f.id, f.version, undefined);
		}
		batchedEdits += body.features.length;
	}
	batchSeconds = (performance.now() - t0) / 1000;
}

/** A client saw feature `id` at `version` (and, for a bin, at `coordinates`). */
function learn(id: number, version: number, coordinates: number[] | undefined): void {
	const seen = known.get(id);
	if (!seen || version < seen.version) return;
	seen.version = version;
	if (coordinates) seen.coordinates = coordinates;
}

/** One-row write transactions per second on a fresh file with the server's pragmas, for 3 s. */
function measureRawInsertRate(workDir: string): number {
	const db = openDatabase(join(workDir, 'raw.db'));
	const sqlite = db.$client;
	sqlite.exec(`CREATE TABLE raw_edits (id INTEGER PRIMARY KEY, feature_id INTEGER NOT NULL, body TEXT NOT NULL)`);
	const insert = sqlite.prepare(`INSERT INTO raw_edits (feature_id, body) VALUES (?, ?)`);
	const one = sqlite.transaction((i: number) => insert.run(i, `{"description":"edit ${i}"}`));
	let n = 0;
	const t0 = performance.now();
	while (performance.now() - t0 < 3_000) one.immediate(n++);
	const rate = n / ((performance.now() - t0) / 1000);
	sqlite.close();
	return rate;
}

/** The same attribute edits through the repository, in-process, for 3 s, on a scratch copy. */
async function measureRepositoryEditRate(source: string, workDir: string): Promise<number> {
	const path = join(workDir, 'repo.db');
	copyFileSync(source, path);
	const db = openDatabase(path);
	const rate = await repositoryEditRate(new ChangesetRepository(db));
	db.$client.close();
	rmSync(path, { force: true });
	return rate;
}

/** Attribute edits of the shops through a store's repository, one at a time for 3 s: edits/s. */
async function repositoryEditRate(repo: ChangesetStore): Promise<number> {
	const versions = new Map<number, number>();
	const shops = targets.filter((t) => t.kind === 'shop');
	let n = 0;
	const t0 = performance.now();
	while (performance.now() - t0 < 3_000) {
		const t = shops[n % shops.length];
		const v = versions.get(t.id) ?? 1;
		await repo.apply({ author: 'bench', source: 'api' }, [{ op: 'update', id: t.id, baseVersion: v, properties: { description: `edit ${n}` } }]);
		versions.set(t.id, v + 1);
		n++;
	}
	return n / ((performance.now() - t0) / 1000);
}

interface StoredVersions {
	version(id: number, version: number): { changesetId: number; geometry: unknown; properties: unknown } | undefined;
	finalVersion(id: number): number;
	close(): void;
}

/** The versions as the SQLite file holds them, read after the servers stopped. */
function sqliteStoredVersions(path: string): StoredVersions {
	const check = new Database(path, { readonly: true });
	const versionRow = check.prepare(`SELECT changeset_id AS changesetId, geometry, properties FROM feature_versions WHERE feature_id = ? AND version = ?`);
	const finalVersion = check.prepare(`SELECT version FROM features WHERE id = ?`);
	return {
		version: (id, version) => {
			const row = versionRow.get(id, version) as { changesetId: number; geometry: string; properties: string } | undefined;
			return row && { changesetId: row.changesetId, geometry: JSON.parse(row.geometry), properties: JSON.parse(row.properties) };
		},
		finalVersion: (id) => (finalVersion.get(id) as { version: number }).version,
		close: () => check.close()
	};
}

/** The city on PostgreSQL (lib/postgres-city.ts), with the baselines measured on its scratch copy. */
async function postgresCity(cityFile: string) {
	const city = await cityOnPostgres(cityFile, (line) => console.error(line));
	const scratch = city.scratchUrl;
	return {
		url: city.url,
		/** One-row write transactions per second through one connection, for 3 s. */
		async rawInsertRate(): Promise<number> {
			const client = new pg.Client(scratch);
			await client.connect();
			await client.query('CREATE TABLE raw_edits (id serial PRIMARY KEY, feature_id integer NOT NULL, body jsonb NOT NULL)');
			let n = 0;
			const t0 = performance.now();
			while (performance.now() - t0 < 3_000) {
				await client.query('BEGIN');
				await client.query({ name: 'raw', text: 'INSERT INTO raw_edits (feature_id, body) VALUES ($1, $2)', values: [n, `{"description":"edit ${n}"}`] });
				await client.query('COMMIT');
				n++;
			}
			await client.end();
			return n / ((performance.now() - t0) / 1000);
		},
		/** The same attribute edits through PgChangesetRepository, in-process, one at a time for 3 s. */
		async repositoryEditRate(): Promise<number> {
			const db = await openPostgres(scratch);
			const rate = await repositoryEditRate(new PgChangesetRepository(db));
			await db.$client.end();
			return rate;
		},
		/** Every version the acknowledgements name, read at once after the servers stopped. */
		async storedVersions(): Promise<StoredVersions> {
			const client = new pg.Client(city.url);
			await client.connect();
			const ids = [...new Set(acks.map((a) => a.id))];
			const { rows } = await client.query<{ featureId: number; version: number; changesetId: number; geometry: unknown; properties: unknown }>(
				`SELECT feature_id AS "featureId", version, changeset_id AS "changesetId", ST_AsGeoJSON(geometry, ${GEOJSON_DECIMALS})::json AS geometry, properties FROM feature_versions WHERE feature_id = ANY($1::int[])`,
				[ids]
			);
			const finals = new Map((await client.query<{ id: number; version: number }>('SELECT id, version FROM features WHERE id = ANY($1::int[])', [ids])).rows.map((r) => [r.id, r.version]));
			await client.end();
			const byKey = new Map(rows.map((r) => [`${r.featureId}@${r.version}`, r]));
			return { version: (id, version) => byKey.get(`${id}@${version}`), finalVersion: (id) => finals.get(id)!, close: () => {} };
		},
		close: async () => city.stop()
	};
}
