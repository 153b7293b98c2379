/**
 * The server on PostgreSQL stops when told, as on SQLite (shutdown.test.ts): SIGTERM ends it within
 * a few seconds while it migrates and seeds a new database or while clients write, and it leaves
 * nothing behind in PostgreSQL: no connection left open, no changeset stored in part, every write it
 * acknowledged stored. A server that has started closes every connection it opened, its workers'
 * too, rather than dropping them, and exits 0. A stop during the start ends it at once, as on
 * SQLite: PostgreSQL rolls back what the start had open, and the next start does it again.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, point } from '../api/api-client';
import { createTestDatabase, dropTestDatabase } from '../helpers/postgres';
import { startServer } from '../helpers/server';
import { CHECKS_APPLICATION, expectSoundHistory, waitForServerConnectionsGone } from './postgres-view';
import { expectStopped, signal } from './stopping';
import { expectWritesServed, sleep, type AckedWrite } from './support';

const databases: string[] = [];
const pools: pg.Pool[] = [];

afterAll(async () => {
	await Promise.all(pools.map((p) => p.end()));
	for (const url of databases) await dropTestDatabase(url);
});

async function newDatabase(): Promise<{ url: string; pool: pg.Pool }> {
	const url = await createTestDatabase();
	databases.push(url);
	const pool = new pg.Pool({ connectionString: url, application_name: CHECKS_APPLICATION, max: 2 });
	pools.push(pool);
	return { url, pool };
}

/** Sessions of the pool's database that ended because their client went away without saying goodbye. */
async function abandonedSessions(pool: pg.Pool): Promise<number> {
	const client = await pool.connect();
	try {
		await client.query('SELECT pg_stat_clear_snapshot()');
		return Number((await client.query('SELECT sessions_abandoned FROM pg_stat_database WHERE datname = current_database()')).rows[0].sessions_abandoned);
	} finally {
		client.release();
	}
}

/**
 * The stopped server closed each of its connections itself (PostgreSQL counts a session whose
 * client vanished, as a killed one's does, as abandoned), and none is left open.
 */
async function expectConnectionsClosed(pool: pg.Pool, abandonedBefore: number, what: string) {
	const { left } = await waitForServerConnectionsGone(pool, 3_000);
	expect(left, `${what}: connections of the stopped server still open`).toEqual([]);
	// A backend's statistics reach the shared counters as it exits; give the last one a moment.
	let abandoned = await abandonedSessions(pool);
	for (let i = 0; i < 10 && abandoned === abandonedBefore; i++) abandoned = (await sleep(50), await abandonedSessions(pool));
	expect(abandoned - abandonedBefore, `${what}: connections dropped without being closed`).toBe(0);
}

describe('SIGTERM, on PostgreSQL', () => {
	it('while it migrates and seeds a new database: it ends within the limit, leaves no connection open and the history sound; the next start seeds, serves and closes every connection when stopped', { timeout: 240_000 }, async () => {
		const left: string[] = [];
		for (const afterMs of [300, 900, 1_800, 3_000]) {
			const { url, pool } = await newDatabase();
			const server = await startServer({ databaseUrl: url, seed: true, waitUntilReady: false });
			await sleep(afterMs);
			const stopped = await signal(server);
			const what = `${afterMs} ms after the start`;
			// Before the server's code has loaded, the signal's default action ends it; after, the server exits 0 itself.
			expect(stopped.status?.code === 0 || stopped.status?.signal === 'SIGTERM', `${what}: ${JSON.stringify(stopped.status)}\n${server.output()}`).toBe(true);
			await expectStopped(server, stopped, what);
			// Cut in the start, its connections may be dropped: only none may be left open.
			expect((await waitForServerConnectionsGone(pool, 3_000)).left, `${what}: connections of the stopped server still open`).toEqual([]);
			const migrated = (await pool.query(`SELECT to_regclass('public.features') IS NOT NULL AS yes`)).rows[0].yes;
			if (migrated) await expectSoundHistory(pool, what);
			const changesets = migrated ? Number((await pool.query('SELECT count(*) AS n FROM changesets')).rows[0].n) : null;
			left.push(`${afterMs} ms: ${JSON.stringify(stopped.status)} ${migrated ? `${changesets} changesets` : 'not migrated'}`);

			const abandonedBefore = await abandonedSessions(pool);
			const again = await startServer({ databaseUrl: url, seed: true });
			expect((await fetch(`${again.url}/api/collections/bins/items?limit=1`).then((r) => r.json())).numberMatched, what).toBeGreaterThan(0);
			await again.stop();
			await expectConnectionsClosed(pool, abandonedBefore, `${what}, the second server, started`);
			await expectSoundHistory(pool, `${what}, after the second start`);
		}
		console.log(`shutdown on PostgreSQL, what each stop left: ${left.join('; ')}`);
	});

	it('while clients write: it exits 0, every write it acknowledged is stored, nothing is stored in part, and its connections close', { timeout: 120_000 }, async () => {
		const { url, pool } = await newDatabase();
		const abandoned = await abandonedSessions(pool);
		const server = await startServer({ databaseUrl: url, seed: true });
		const api = apiClient(server.url, await server.login());
		const acked: AckedWrite[] = [];
		const refusals = new Set<string>();
		// Writers that go on until the server stops answering: a write meets the stop as an answer
		// (acknowledged, or refused 503) or as a closed connection, never as anything else.
		const writer = async (n: number) => {
			for (let i = 0; ; i++) {
				let res;
				try {
					res = await api.post('/api/collections/bins/items', { geometry: point(116.3 + (i % 50) / 1000, 40 + n / 100), properties: { name: `w${n}-${i}` } });
				} catch {
					return;
				}
				if (res.status === 503) {
					refusals.add(res.body?.code ?? res.text.slice(0, 80));
					return;
				}
				expect(res.status, res.text).toBe(201);
				acked.push({ id: res.body.id, version: 1, at: Date.now() });
			}
		};
		const writers = [0, 1, 2, 3].map(writer);
		while (acked.length < 40) await sleep(20);
		const stopped = await signal(server);
		await Promise.all(writers);
		expect(stopped.status?.code, server.output()).toBe(0);
		await expectStopped(server, stopped, 'writes');
		// A refusal, where one came, says why.
		for (const code of refusals) expect(code).toBe('server.stopping');
		await expectConnectionsClosed(pool, abandoned, 'writes');
		await expectSoundHistory(pool, 'writes');

		const again = await startServer({ databaseUrl: url });
		await expectWritesServed(apiClient(again.url), acked);
		await again.stop();
	});
});
