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
 *   npx tsx bench/writes.ts [--scale 0.01] [--duration 30] [--connections 32] [--batch 1000]
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
import { startServer } from '../tests/helpers/server';
import { ensureCity } from './city/store';
import { percentile, printFigure } from './lib/timing';

const { values } = parseArgs({ options: { scale: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' } } });
const scale = Number(values.scale ?? 0.01);
const DURATION_S = Number(values.duration ?? 30);
const CONNECTIONS = Number(values.connections ?? 32);
const BATCH = Number(values.batch ?? 1000);
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

const rawRate = measureRawInsertRate(dir);
const repoRate = measureRepositoryEditRate(dbPath, dir);

const server = await startServer({ dbPath, startTimeoutMs: 120_000 });
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
	result = await autocannon({
		url: server.url,
		connections: CONNECTIONS,
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
	await sendBatches(headers);
} finally {
	await server.stop();
}

// --- every acknowledged edit is there, with what was sent; no version acknowledged twice
const check = new Database(dbPath, { readonly: true });
const versionRow = check.prepare(`SELECT changeset_id AS changesetId, geometry, properties FROM feature_versions WHERE feature_id = ? AND version = ?`);
const finalVersion = check.prepare(`SELECT version FROM features WHERE id = ?`);
let missing = 0, wrongContent = 0, duplicates = 0, lost = 0, unacknowledged = 0;
const seen = new Set<string>();
const perFeature = new Map<number, number>();
for (const a of acks) {
	const key = `${a.id}@${a.version}`;
	if (seen.has(key)) duplicates++;
	seen.add(key);
	perFeature.set(a.id, (perFeature.get(a.id) ?? 0) + 1);
	const row = versionRow.get(a.id, a.version) as { changesetId: number; geometry: string; properties: string } | undefined;
	if (!row || row.changesetId !== a.changesetId) {
		missing++;
		continue;
	}
	const stored = a.what === 'geometry' ? JSON.stringify(JSON.parse(row.geometry)) : (JSON.parse(row.properties) as { description?: string }).description;
	if (stored !== a.sent) wrongContent++;
}
for (const [id, n] of perFeature) {
	const final = (finalVersion.get(id) as { version: number }).version;
	if (final < startVersion.get(id)! + n) lost++;
	else unacknowledged += final - (startVersion.get(id)! + n);
}
check.close();
rmSync(dir, { recursive: true, force: true });

const edits = acks.length - batchedEdits;
const seconds = DURATION_S;
const common = { bench, scale, connections: CONNECTIONS, durationS: DURATION_S, features: targets.length };
printFigure({ ...common, metric: 'edits-per-second', value: edits / seconds, unit: 'edits/s', baseline: 'better-sqlite3 one-row transactions, same pragmas', baselineValue: rawRate, target: '≥ 1000' });
printFigure({ ...common, metric: 'edits-per-second', value: edits / seconds, unit: 'edits/s', baseline: 'ChangesetRepository.apply in-process, no HTTP', baselineValue: repoRate });
printFigure({ ...common, metric: 'patch-latency-p50', value: percentile(patchMs, 50), unit: 'ms' });
printFigure({ ...common, metric: 'patch-latency-p99', value: percentile(patchMs, 99), unit: 'ms', target: '< 50' });
printFigure({ ...common, metric: 'batched-edits-per-second', value: batchedEdits / batchSeconds, unit: 'edits/s', batch: BATCH, batches: batchMs.length, baseline: 'better-sqlite3 one-row transactions, same pragmas', baselineValue: rawRate, target: '≥ 10000' });
printFigure({ ...common, metric: 'batch-latency-p99', value: percentile(batchMs, 99), unit: 'ms', batch: BATCH, errors: batchErrors });
printFigure({ ...common, metric: 'conflicts-409', value: conflicts, unit: 'responses', share: Math.round((conflicts / Math.max(1, conflicts + edits)) * 1000) / 10 });
printFigure({ ...common, metric: 'other-errors', value: otherErrors + result!.errors + result!.timeouts, unit: 'responses' });
printFigure({ ...common, metric: 'acknowledged-edits-missing', value: missing + wrongContent, unit: 'edits', acknowledged: acks.length, wrongContent });
printFigure({ ...common, metric: 'lost-updates', value: lost + duplicates, unit: 'edits', duplicateVersions: duplicates });
printFigure({ ...common, metric: 'stored-unacknowledged', value: unacknowledged, unit: 'edits', note: `in flight when the run stopped; at most ${CONNECTIONS}` });
console.error(
	`writes: ${edits} edits in ${seconds} s = ${(edits / seconds).toFixed(0)}/s over ${CONNECTIONS} connections (p50 ${percentile(patchMs, 50).toFixed(1)} ms, ` +
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
	// Edits still in flight when the load stopped were stored unacknowledged: read the versions as stored now.
	const layer = await (await fetch(`${server.url}/api/collections/shops/items?limit=10000`, { headers })).json();
	for (const f of layer.features as { id: number; version: number }[]) learn(f.id, f.version, undefined);
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
function measureRepositoryEditRate(source: string, workDir: string): number {
	const path = join(workDir, 'repo.db');
	copyFileSync(source, path);
	const db = openDatabase(path);
	const repo = new ChangesetRepository(db);
	const versions = new Map<number, number>();
	const shops = targets.filter((t) => t.kind === 'shop');
	let n = 0;
	const t0 = performance.now();
	while (performance.now() - t0 < 3_000) {
		const t = shops[n % shops.length];
		const v = versions.get(t.id) ?? 1;
		repo.apply({ author: 'bench', source: 'api' }, [{ op: 'update', id: t.id, baseVersion: v, properties: { description: `edit ${n}` } }]);
		versions.set(t.id, v + 1);
		n++;
	}
	const rate = n / ((performance.now() - t0) / 1000);
	db.$client.close();
	rmSync(path, { force: true });
	return rate;
}
