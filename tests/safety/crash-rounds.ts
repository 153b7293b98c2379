/**
 * The crash suite's rounds, for a server on either store (crash.test.ts: SQLite, crash.pg.test.ts:
 * PostgreSQL). Each round several clients write through the real server (creates, patches, moves,
 * deletes, undos), in some rounds beside a bulk undo/redo of BULK_SIZE features or imports of
 * IMPORT_SIZE bins; the server is killed with SIGKILL at a random moment, the database is checked
 * as the next server will find it, and the server is started again on it.
 *
 * The checks are written once, as SQL both stores run, through a small view of the database
 * (`CrashStore`, `DatabaseView`); where the SQL must differ (reading a JSON property), the view
 * gives the text.
 */
import seedrandom from 'seedrandom';
import { expect } from 'vitest';
import type { RunningServer } from '../helpers/server';
import type { DatabaseCheck } from '../../src/lib/server/db/backup';
import { apiClient, point } from '../api/api-client';
import { commit, upload } from '../api/import-helpers';
import { sleep } from './support';

export const CLIENTS = 3;
export const IMPORT_SIZE = 80;
/**
 * The bulk changeset undone and redone: accepted sites, the most one request accepts. (The demo
 * community itself is a history of edits, so its stock changeset cannot be undone whole.)
 */
export const BULK_SIZE = 200;

/** The store under the server, as the checks after each kill see it. */
export interface CrashStore {
	/** Starts a server on the store's database; `seed` the first time only. */
	start(options: { seed?: boolean }): Promise<RunningServer>;
	/**
	 * After a kill, before anything reads the database: what the store needs done or checked first
	 * (PostgreSQL: the killed server's connections are gone, so their transactions are rolled back).
	 */
	afterKill?(context: string): Promise<void>;
	/** SQLite only: the file's integrity check, as the restore command runs it. */
	checkFile?(): DatabaseCheck;
	/** A read-only view of the database for the checks of one kill; closed before the restart. */
	open(): Promise<DatabaseView>;
}

export interface DatabaseView {
	/** The rows of `sql`, whose parameters are written `?`. */
	all<T>(sql: string, params?: unknown[]): Promise<T[]>;
	/** SQL for the text of the `name` property of the JSON column `column`. */
	nameOf(column: string): string;
	close(): Promise<void>;
}

export interface CrashRoundsOptions {
	store: CrashStore;
	kills: number;
	seed: string;
	/** Before the log line's "(seed …)": which store, e.g. ' on PostgreSQL'. */
	label?: string;
}

export interface CrashStats {
	kills: number;
	acked: number;
	cut: number;
	bulkAcked: number;
	importsAcked: number;
	importsCut: number;
	importsCutAbsent: number;
	conflicts: number;
	restartMs: number;
}

/** A write the server answered with 2xx: that version of that feature must survive any crash. */
interface Ack {
	featureId: number;
	version: number;
	name: string | null;
	deleted: boolean;
	changesetId: number;
}

/** An import whose commit was sent: every bin it creates is named `${tag}/${i}`. */
interface ImportRecord {
	tag: string;
	/** The changeset of an acknowledged commit; null when the kill cut the commit request. */
	changesetId: number | null;
}

interface ClientState {
	/** Features this client created, with the version it last saw (null: deleted). */
	features: Map<number, number | null>;
	/** This client's changesets it may undo, newest last. */
	changesets: number[];
	counter: number;
}

/**
 * What a round does beside the clients' edits, in a cycle of five: one imports and is killed at
 * random, one is killed while an import commits, one undoes or redoes the bulk changeset, and two
 * only edit (a quarter of those also undo or import at random).
 */
const ROUND_KINDS = ['edits', 'timed import', 'edits', 'import on commit', 'bulk'] as const;
/**
 * From this many kills on (three rounds killed while an import commits), the run must have checked
 * both kinds of import (acknowledged, and cut while committing, some before they were stored); a
 * shorter run may by chance miss one.
 */
const IMPORT_CHECKS_FROM = 15;

/** Runs `kills` rounds against the store's server, checking the database after each kill; logs a line and returns what it counted. */
export async function runCrashRounds(options: CrashRoundsOptions): Promise<CrashStats> {
	const { store, kills: KILLS, seed: SEED } = options;
	const rng = seedrandom(SEED);
	const acks: Ack[] = [];
	/** Changeset id → the number of feature versions it must have. */
	const ackedChangesets = new Map<number, number>();
	const clients: ClientState[] = Array.from({ length: CLIENTS }, () => ({ features: new Map(), changesets: [], counter: 0 }));
	let server: RunningServer = await store.start({ seed: true });
	const token = await server.login();
	const sites = Array.from({ length: BULK_SIZE }, (_, i) => ({ lon: 116.345 + (i % 20) * 0.0006, lat: 39.998 + Math.floor(i / 20) * 0.0009 }));
	const bulk = await apiClient(server.url, token).post('/api/analysis/sites/accept', { sites, comment: 'Bulk changeset for the crash test' });
	expect(bulk.status, bulk.text).toBe(201);
	const bulkId: number = bulk.body.changesetId;
	const bulkSize = BULK_SIZE;
	let bulkTarget = bulkId;
	/** The imports of the current round; `importCount` numbers them over the whole run. */
	const imports: ImportRecord[] = [];
	let importCount = 0;
	/** How long acknowledged commits took, to aim kills at one in flight. */
	const commitMs: number[] = [];
	const stats: CrashStats = { kills: 0, acked: 0, cut: 0, bulkAcked: 0, importsAcked: 0, importsCut: 0, importsCutAbsent: 0, conflicts: 0, restartMs: 0 };
	const context = () => `seed ${SEED}, after kill ${stats.kills}`;

	try {
		for (let round = 0; round < KILLS; round++) {
			let alive = true;
			const api = apiClient(server.url, token);
			let firstAck: () => void = () => {};
			const acknowledged = new Promise<void>((resolve) => (firstAck = resolve));
			const note = (ack: Ack) => {
				acks.push(ack);
				stats.acked++;
				firstAck();
			};
			const attempt = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
				if (!alive) return undefined;
				try {
					return await fn();
				} catch {
					// The server died under the request: its outcome is unknown, nothing to check.
					stats.cut++;
					alive = false;
					return undefined;
				}
			};

			const clientLoop = async (c: ClientState, index: number) => {
				while (alive) {
					const live = [...c.features].filter(([, v]) => v !== null) as [number, number][];
					const roll = rng();
					if (live.length < 3 || roll < 0.3) {
						const name = `c${index}-${++c.counter}`;
						const res = await attempt(() => api.post('/api/collections/bins/items', { geometry: point(116.3 + rng() * 0.01, 40 + rng() * 0.01), properties: { name } }));
						if (res?.status === 201) {
							c.features.set(res.body.id, 1);
							c.changesets.push(res.body.changesetId);
							ackedChangesets.set(res.body.changesetId, 1);
							note({ featureId: res.body.id, version: 1, name, deleted: false, changesetId: res.body.changesetId });
						}
					} else if (roll < 0.85) {
						const [id, version] = live[Math.floor(rng() * live.length)];
						const move = rng() < 0.4;
						const name = `c${index}-${++c.counter}`;
						const body = move ? { geometry: point(116.3 + rng() * 0.01, 40 + rng() * 0.01) } : { properties: { name } };
						const res = await attempt(() => api.patch(`/api/collections/bins/items/${id}`, body, { 'if-match': `"${version}"` }));
						if (res?.status === 200) {
							c.features.set(id, res.body.version);
							c.changesets.push(res.body.changesetId);
							ackedChangesets.set(res.body.changesetId, 1);
							note({ featureId: id, version: res.body.version, name: res.body.properties.name ?? null, deleted: false, changesetId: res.body.changesetId });
						} else if (res) resync(c, id, res);
					} else if (roll < 0.93) {
						const [id, version] = live[Math.floor(rng() * live.length)];
						const res = await attempt(() => api.del(`/api/collections/bins/items/${id}`, { 'if-match': `"${version}"` }));
						if (res?.status === 200) {
							c.features.set(id, null);
							c.changesets.push(res.body.changesetId);
							ackedChangesets.set(res.body.changesetId, 1);
							note({ featureId: id, version: res.body.version, name: null, deleted: true, changesetId: res.body.changesetId });
						} else if (res) resync(c, id, res);
					} else {
						const target = c.changesets.pop();
						if (target === undefined) continue;
						const res = await attempt(() => api.post(`/api/changesets/${target}/revert`, {}));
						if (res?.status === 201) {
							ackedChangesets.set(res.body.changeset.id, res.body.features.length);
							for (const f of res.body.features) {
								c.features.set(f.id, f.deleted ? null : f.version);
								note({ featureId: f.id, version: f.version, name: f.deleted ? null : (f.properties.name ?? null), deleted: f.deleted, changesetId: res.body.changeset.id });
							}
						} else if (res?.status === 409) stats.conflicts++;
					}
				}
			};

			// Undo, redo, undo… of the bulk changeset: each one hundreds of features in one transaction.
			const bulkLoop = async () => {
				while (alive) {
					const res = await attempt(() => api.post(`/api/changesets/${bulkTarget}/revert`, {}));
					if (res?.status !== 201) return;
					expect(res.body.features).toHaveLength(bulkSize);
					ackedChangesets.set(res.body.changeset.id, bulkSize);
					bulkTarget = res.body.changeset.id;
					stats.bulkAcked++;
				}
			};

			// Imports of IMPORT_SIZE bins: one changeset each, all of it or none of it. When
			// `killOnCommit` is n, the round's kill is aimed at the n-th commit while it runs.
			let commitInFlight: () => void = () => {};
			const commitSent = new Promise<void>((resolve) => (commitInFlight = resolve));
			const importLoop = async (killOnCommit?: number) => {
				for (let n = 1; alive; n++) {
					const tag = `import-${++importCount}`;
					const features = Array.from({ length: IMPORT_SIZE }, (_, i) => ({ type: 'Feature', geometry: point(116.3 + rng() * 0.01, 40 + rng() * 0.01), properties: { name: `${tag}/${i}` } }));
					const preview = await attempt(() => upload(api, JSON.stringify({ type: 'FeatureCollection', features }), 'bins.geojson', { collection: 'bins' }));
					if (preview?.status !== 201 || !alive) return;
					const record: ImportRecord = { tag, changesetId: null };
					imports.push(record);
					const sent = Date.now();
					const pending = attempt(() => commit(api, preview.body.token, { collection: 'bins', skipInvalid: false }));
					if (n === killOnCommit) commitInFlight();
					const res = await pending;
					if (!res) {
						stats.importsCut++;
						return;
					}
					expect(res.status, `${context()}: ${res.text}`).toBe(201);
					commitMs.push(Date.now() - sent);
					record.changesetId = res.body.changesetId;
					ackedChangesets.set(res.body.changesetId, IMPORT_SIZE);
					stats.importsAcked++;
				}
			};

			// Most rounds only edit, with the kill a few hundred ms in. In the others the
			// bulk undo runs too (it holds the one writer for a while, so edits queue
			// behind it), with a window from "cut early" to "long enough to finish".
			// Some rounds import and are killed at random, so some imports finish first; others
			// are killed while an import commits (ROUND_KINDS).
			const kind = ROUND_KINDS[round % ROUND_KINDS.length];
			const bulkRound = kind !== 'edits' || rng() < 0.25;
			const loops = clients.map((c, i) => clientLoop(c, i));
			if (kind === 'import on commit') loops.push(importLoop(1 + Math.floor(rng() * 3)));
			else if (kind === 'timed import') loops.push(sleep(rng() * 150).then(() => importLoop()));
			else if (kind === 'bulk') loops.push(sleep(rng() * 150).then(() => bulkLoop()));
			else if (bulkRound) loops.push(sleep(rng() * 150).then(() => (rng() < 0.5 ? bulkLoop() : importLoop())));
			if (kind === 'import on commit') {
				// Anywhere in the first half of a typical commit: mostly before it is stored.
				await Promise.race([commitSent, sleep(30_000)]);
				await sleep(rng() * 0.5 * median(commitMs, 200));
			} else {
				// The clock starts at the round's first acknowledged write, so a slow start (a busy
				// machine) still leaves writes in flight when the kill comes.
				await Promise.race([acknowledged, sleep(10_000)]);
				await sleep(bulkRound ? rng() * 2500 : rng() * 400);
			}
			await server.kill('SIGKILL');
			alive = false;
			await Promise.all(loops);
			stats.kills++;

			await store.afterKill?.(context());
			if (store.checkFile) {
				// The file as the next server will open it, before that server touches it.
				const check = store.checkFile();
				expect(check.issues, context()).toEqual([]);
				expect(check.warnings, context()).toEqual([]);
			}
			const db = await store.open();
			try {
				await verifyHistory(db, context());
				await verify(db, acks, ackedChangesets, bulkId, bulkSize, context());
				stats.importsCutAbsent += await verifyImports(db, imports.splice(0), context());
				bulkTarget = await lastOfRevertChain(db, bulkId);
			} finally {
				await db.close();
			}
			const restart = Date.now();
			server = await store.start({});
			stats.restartMs += Date.now() - restart;
		}
		// After the last restart the server answers with everything it acknowledged.
		const api = apiClient(server.url);
		const lastAcked = new Map<number, Ack>();
		for (const a of acks) if (!lastAcked.has(a.featureId) || lastAcked.get(a.featureId)!.version < a.version) lastAcked.set(a.featureId, a);
		const sample = [...lastAcked.values()].slice(-20);
		for (const a of sample) {
			const res = await api.get(`/api/collections/bins/items/${a.featureId}/history`);
			expect(res.status, context()).toBe(200);
			const versions = (res.body.versions ?? res.body).map((v: { version: number }) => v.version);
			expect(versions.slice(0, a.version), context()).toEqual(Array.from({ length: a.version }, (_, i) => i + 1));
		}
	} finally {
		await server.stop();
	}
	console.log(
		`crash suite${options.label ?? ''} (seed ${SEED}): ${stats.kills} kills, ${stats.acked} acknowledged feature writes, ${stats.bulkAcked} bulk undos/redos, ` +
			`${stats.importsAcked} acknowledged imports (median commit ${median(commitMs, 0)} ms), ${stats.importsCut} imports cut while committing (${stats.importsCutAbsent} of them left nothing, the rest had committed whole), ` +
			`${stats.cut} requests cut by a kill, ${stats.conflicts} refused reverts, ${Math.round(stats.restartMs / Math.max(1, stats.kills))} ms per restart`
	);
	expect(stats.kills).toBe(KILLS);
	expect(stats.acked).toBeGreaterThan(KILLS);
	expect(stats.cut).toBeGreaterThan(0);
	// Both kinds of import were checked: acknowledged ones, and ones killed mid-commit (a
	// shorter run than the default may, by chance, have none of one kind).
	if (KILLS >= IMPORT_CHECKS_FROM) {
		expect(stats.importsAcked, 'no import was acknowledged before a kill').toBeGreaterThan(0);
		expect(stats.importsCut, 'no kill came while an import committed').toBeGreaterThan(0);
		expect(stats.importsCutAbsent, 'no import commit was cut before it was stored').toBeGreaterThan(0);
	}
	return stats;
}

const median = (xs: number[], otherwise: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : otherwise);

/** After a 409 or 404 the client learns what is stored now. */
function resync(c: ClientState, id: number, res: { status: number; body: any }) {
	if (res.status === 409) c.features.set(id, res.body?.details?.current?.version ?? null);
	else if (res.status === 404) c.features.set(id, null);
}

/** A count both stores return as a number (PostgreSQL's count is a bigint, which pg gives as a string). */
const COUNT = 'CAST(count(*) AS integer)';

/**
 * What the history must be on either store, as SQLite's file check (src/lib/server/db/backup.ts)
 * asks it of a file: every feature has every version from 1 to its current one, its `version` is its
 * newest stored version, and it is deleted exactly when that version is a deletion; no stored
 * version belongs to a feature or a changeset that is not there.
 */
export async function verifyHistory(db: DatabaseView, context: string) {
	const wrongVersion = await db.all<{ id: number }>(
		`SELECT f.id FROM features f LEFT JOIN (
			SELECT feature_id, ${COUNT} AS n, min(version) AS lo, max(version) AS hi FROM feature_versions GROUP BY feature_id
		) v ON v.feature_id = f.id
		WHERE v.n IS NULL OR v.lo <> 1 OR v.hi <> f.version OR v.n <> f.version
		ORDER BY f.id LIMIT 10`
	);
	expect(wrongVersion, `${context}: features whose version is not their newest stored one, or with versions missing`).toEqual([]);
	const orphans = await db.all<{ id: number }>(
		`SELECT v.id FROM feature_versions v
		WHERE NOT EXISTS (SELECT 1 FROM changesets c WHERE c.id = v.changeset_id) OR NOT EXISTS (SELECT 1 FROM features f WHERE f.id = v.feature_id)
		ORDER BY v.id LIMIT 10`
	);
	expect(orphans, `${context}: stored versions of a changeset or a feature that is not there`).toEqual([]);
	const deleteMismatch = await db.all<{ id: number }>(
		`SELECT f.id FROM features f JOIN feature_versions v ON v.feature_id = f.id AND v.version = f.version
		WHERE (CASE WHEN f.deleted_at IS NULL THEN 1 ELSE 0 END) <> (CASE WHEN v.action = 'delete' THEN 0 ELSE 1 END)
		ORDER BY f.id LIMIT 10`
	);
	expect(deleteMismatch, `${context}: features that disagree with their newest version on whether they are deleted`).toEqual([]);
}

async function verify(db: DatabaseView, acks: Ack[], ackedChangesets: Map<number, number>, bulkId: number, bulkSize: number, context: string) {
	for (const a of acks) {
		const [row] = await db.all<{ action: string; name: string | null; changesetId: number }>(
			`SELECT action, ${db.nameOf('properties')} AS name, changeset_id AS "changesetId" FROM feature_versions WHERE feature_id = ? AND version = ?`,
			[a.featureId, a.version]
		);
		expect(row, `${context}: acknowledged version ${a.version} of feature ${a.featureId} is missing`).toBeDefined();
		expect(row!.changesetId, context).toBe(a.changesetId);
		expect(row!.action === 'delete', context).toBe(a.deleted);
		if (!a.deleted) expect(row!.name ?? null, context).toBe(a.name);
	}
	const sizes = new Map((await db.all<{ id: number; n: number }>(`SELECT changeset_id AS id, ${COUNT} AS n FROM feature_versions GROUP BY changeset_id`)).map((r) => [r.id, r.n]));
	for (const [id, n] of ackedChangesets) expect(sizes.get(id) ?? 0, `${context}: changeset ${id}`).toBe(n);
	// No changeset half-applied, acknowledged or not: an undo has as many versions as what it undoes.
	const halfUndone = await db.all<{ id: number }>(
		`SELECT c.id FROM changesets c WHERE c.revert_of IS NOT NULL AND
		(SELECT ${COUNT} FROM feature_versions WHERE changeset_id = c.id) <> (SELECT ${COUNT} FROM feature_versions WHERE changeset_id = c.revert_of)`
	);
	expect(halfUndone, context).toEqual([]);
	// Every import, acknowledged or cut, has all of its features or does not exist.
	const partialImports = await db.all<{ id: number }>(`SELECT c.id FROM changesets c WHERE c.source = 'import' AND (SELECT ${COUNT} FROM feature_versions WHERE changeset_id = c.id) <> ?`, [IMPORT_SIZE]);
	expect(partialImports, context).toEqual([]);
	// The bulk changeset's features are all there or all undone, never a part of them.
	const [{ n: liveSeed }] = await db.all<{ n: number }>(
		`SELECT ${COUNT} AS n FROM features WHERE deleted_at IS NULL AND id IN (SELECT feature_id FROM feature_versions WHERE changeset_id = ?)`,
		[bulkId]
	);
	expect([0, bulkSize], context).toContain(liveSeed);
}

/**
 * The imports of the round just killed: an acknowledged one has all IMPORT_SIZE bins, live, created
 * by its changeset (an import); one whose commit was cut has all of them in one such changeset or
 * none at all. Returns how many cut ones left nothing.
 */
async function verifyImports(db: DatabaseView, records: ImportRecord[], context: string): Promise<number> {
	let absent = 0;
	for (const { tag, changesetId } of records) {
		const rows = await db.all<{ changesetId: number; source: string; live: number }>(
			`SELECT v.changeset_id AS "changesetId", c.source, CASE WHEN f.deleted_at IS NULL THEN 1 ELSE 0 END AS live FROM feature_versions v
			JOIN changesets c ON c.id = v.changeset_id JOIN features f ON f.id = v.feature_id
			WHERE v.action = 'create' AND ${db.nameOf('v.properties')} LIKE ?`,
			[`${tag}/%`]
		);
		const what = `${context}: ${tag} (${changesetId === null ? 'cut while committing' : `acknowledged as changeset ${changesetId}`})`;
		if (changesetId === null && rows.length === 0) {
			absent++;
			continue;
		}
		expect(rows.length, `${what} has ${rows.length} of its ${IMPORT_SIZE} bins`).toBe(IMPORT_SIZE);
		const changesets = [...new Set(rows.map((r) => r.changesetId))];
		expect(changesets, what).toHaveLength(1);
		if (changesetId !== null) expect(changesets[0], what).toBe(changesetId);
		expect(rows.every((r) => r.source === 'import' && r.live === 1), what).toBe(true);
	}
	return absent;
}

/** The changeset to undo next in the bulk changeset's undo/redo chain: itself, or the latest undo in the chain. */
async function lastOfRevertChain(db: DatabaseView, bulkId: number): Promise<number> {
	const next = async (id: number) => (await db.all<{ id: number }>('SELECT id FROM changesets WHERE revert_of = ?', [id]))[0]?.id;
	let id = bulkId;
	for (let n = await next(id); n !== undefined; n = await next(id)) id = n;
	return id;
}
