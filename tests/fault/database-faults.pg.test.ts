/**
 * The storage faults of a PostgreSQL store, for real, on a cluster of this file's own:
 * - another session holds the tables' write locks past the busy timeout (a psql session left in a
 *   transaction, a VACUUM FULL): lock_timeout ends the wait, the write is a 503 `busy`, reads go on;
 * - the database server is stopped: every request is a 503 `unreachable` and the app stays up;
 * - the database server crashes while clients write: every write acknowledged before is there
 *   after its recovery, every changeset whole, every failure a 503.
 * In each case nothing is stored by the failed request, and the same request succeeds once the
 * fault clears.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type PostgresCluster } from '../../scripts/postgres-cluster.js';
import { apiClient, point, type ApiClient, type ApiResponse } from '../api/api-client';
import { freePort, startServer, type RunningServer } from '../helpers/server';
import { expectStorageUnavailable, STORE_WRITES } from './store-writes';

const BUSY_TIMEOUT_MS = 200;
/** What a write stores, each table in its key's order. */
const TABLES = ['features', 'changesets', 'feature_versions', 'users', 'settings', 'photos'];

let cluster: PostgresCluster;
let server: RunningServer;
let admin: ApiClient;
let anonymous: ApiClient;
let watcher: pg.Client;

beforeAll(async () => {
	// Commits acknowledged only once their WAL is written, as a production server has it.
	cluster = startCluster({ port: await freePort(), syncCommits: true });
	const setup = new pg.Client(cluster.url());
	await setup.connect();
	await setup.query('CREATE DATABASE sanimap');
	await setup.end();
	server = await startServer({ databaseUrl: cluster.url('sanimap'), env: { SANIMAP_BUSY_TIMEOUT_MS: String(BUSY_TIMEOUT_MS) } });
	admin = apiClient(server.url, await server.login());
	anonymous = apiClient(server.url);
	watcher = await connect();
}, 120_000);

afterAll(async () => {
	await watcher?.end().catch(() => {});
	await server?.stop();
	cluster?.stop();
});

async function connect(): Promise<pg.Client> {
	const client = new pg.Client(cluster.url('sanimap'));
	client.on('error', () => {});
	await client.connect();
	return client;
}

/** Every row of every table a write stores, read by `client`. */
async function contents(client: pg.Client): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const table of TABLES) out[table] = (await client.query(`SELECT * FROM ${table} ORDER BY 1`)).rows;
	return out;
}

describe('a lock another session holds past the busy timeout', () => {
	it.each(STORE_WRITES.map((w) => [w.name, w] as const))('%s: 503 busy, nothing stored, reads served, succeeds after', async (_name, write) => {
		const { send, ok } = await write.prepare({ admin, server });
		const beforeApi = await anonymous.snapshot();
		const holder = await connect();
		let res: ApiResponse;
		let during: Record<string, unknown[]>;
		try {
			await holder.query('BEGIN');
			// EXCLUSIVE lets plain reads through and stops every write, as maintenance would.
			await holder.query(`LOCK TABLE ${[...TABLES, 'sessions'].join(', ')} IN EXCLUSIVE MODE`);
			const before = await contents(holder);
			const t0 = performance.now();
			res = await send();
			const waited = performance.now() - t0;
			expect(waited, 'the write waited about the busy timeout, not for ever').toBeLessThan(BUSY_TIMEOUT_MS + 5_000);
			const items = await anonymous.get('/api/collections/bins/items?limit=5');
			expect(items.status, items.text).toBe(200);
			const changesets = await admin.get('/api/changesets?limit=5');
			expect(changesets.status, changesets.text).toBe(200);
			during = await contents(holder);
			expect(during).toEqual(before);
		} finally {
			await holder.query('ROLLBACK');
			await holder.end();
		}
		expectStorageUnavailable(res, 'busy', 'a held lock');
		expect(res.body.details.postgresCode).toBe('55P03');
		expect(await contents(watcher)).toEqual(during);
		expect(await anonymous.snapshot()).toEqual(beforeApi);

		const retry = await send();
		expect(retry.status, retry.text).toBe(ok);
	});
});

describe('the database server stopped', () => {
	it.each(STORE_WRITES.map((w) => [w.name, w] as const))('%s: 503 unreachable, the app stays up, succeeds once it is back', async (_name, write) => {
		const { send, ok } = await write.prepare({ admin, server });
		const before = await contents(watcher);
		await watcher.end();
		cluster.halt('fast');
		let res: ApiResponse;
		try {
			res = await send();
			const read = await anonymous.get('/api/collections/bins/items?limit=5');
			expectStorageUnavailable(read, 'unreachable', 'a read');
			expect(read.body.message).toMatch(/cannot reach its database/);
		} finally {
			cluster.resume();
			watcher = await connect();
		}
		expectStorageUnavailable(res, 'unreachable', 'a write');
		expect(server.exitStatus(), server.output().slice(-2000)).toBeNull();
		expect(await contents(watcher)).toEqual(before);

		const retry = await send();
		expect(retry.status, retry.text).toBe(ok);
	});
});

describe('the database server crashing while clients write', () => {
	it('keeps every acknowledged write, each changeset whole, and answers 503 until it is back', { timeout: 120_000 }, async () => {
		const acked: { id: number; name: string; changesetId: number }[] = [];
		const failures: ApiResponse[] = [];
		const unanswered: string[] = [];
		let writing = true;
		const writer = async (n: number) => {
			for (let i = 0; writing; i++) {
				const name = `w${n}-${i}`;
				const res = await admin.post('/api/collections/bins/items', { geometry: point(116.35 + n / 100, 40.05 + i / 100_000), properties: { name } }).catch((e: Error) => {
					unanswered.push(`${name}: ${e.message} ${(e.cause as Error)?.message}`);
					writing = false;
					return null;
				});
				if (!res) break;
				if (res.status === 201) acked.push({ id: res.body.id, name, changesetId: res.body.changesetId });
				else {
					failures.push(res);
					await new Promise((r) => setTimeout(r, 50));
				}
			}
		};
		const writers = [0, 1, 2, 3].map(writer);
		while (acked.length < 40) await new Promise((r) => setTimeout(r, 20));
		await watcher.end();
		const ackedBefore = acked.length;
		cluster.halt('immediate');
		await new Promise((r) => setTimeout(r, 500));
		cluster.resume();
		watcher = await connect();
		// Writing goes on once the server is back.
		const resumedAt = acked.length;
		const t0 = Date.now();
		while (acked.length < resumedAt + 20 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
		writing = false;
		await Promise.all(writers);

		expect(unanswered, server.output().slice(-3000)).toEqual([]);
		expect(ackedBefore).toBeGreaterThan(0);
		expect(acked.length, 'writes succeed again after the recovery').toBeGreaterThanOrEqual(resumedAt + 20);
		expect(failures.length, 'the crash was met by some writes').toBeGreaterThan(0);
		for (const f of failures) expectStorageUnavailable(f, 'unreachable', 'a write meeting the crash');
		expect(server.exitStatus()).toBeNull();

		const { rows } = await watcher.query<{ id: number; name: string; version: number }>(
			`SELECT id, properties->>'name' AS name, version FROM features WHERE id = ANY($1::integer[])`,
			[acked.map((a) => a.id)]
		);
		const stored = new Map(rows.map((r) => [r.id, r]));
		for (const a of acked) expect(stored.get(a.id), `acknowledged ${a.name}`).toMatchObject({ name: a.name, version: 1 });
		// Each changeset whole: its versions are there, and no feature is newer than its history.
		const orphans = await watcher.query(
			`SELECT f.id FROM features f LEFT JOIN feature_versions v ON v.feature_id = f.id AND v.version = f.version WHERE v.id IS NULL`
		);
		expect(orphans.rows).toEqual([]);
		const versioned = await watcher.query<{ changeset_id: number }>('SELECT DISTINCT changeset_id FROM feature_versions WHERE changeset_id = ANY($1::integer[])', [acked.map((a) => a.changesetId)]);
		expect(versioned.rows.length).toBe(new Set(acked.map((a) => a.changesetId)).size);
	});
});
