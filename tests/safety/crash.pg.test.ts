/**
 * Crash safety on PostgreSQL: the same rounds as crash.test.ts (crash-rounds.ts) against the real
 * server on a PostgreSQL database. The app process is killed with SIGKILL at random moments while
 * three clients create, patch, move, delete and undo, beside a bulk undo/redo of 200 features or
 * imports of 80 bins, then started again on the same database. It proves that a crash of the app
 * loses nothing it acknowledged and leaves nothing half-done in PostgreSQL: after each kill, once
 * PostgreSQL has ended every connection of the killed server (and so rolled back whatever
 * transaction it had open; the test fails if one is still there after ten seconds, or a prepared
 * transaction is left), every acknowledged (2xx) version is stored with its changeset, every
 * changeset (an edit, an undo of 200 features, an import of 80) is there whole or not at all, every
 * acknowledged import is whole and every import cut while committing is whole or absent, and the
 * history is sound: each feature's `version` is its newest row in `feature_versions`, with every
 * version from 1, and no stored version belongs to a changeset or feature that is not there.
 *
 * The rounds cycle as in the SQLite suite: in every five, one imports at a random moment, one is
 * killed while an import commits, one undoes or redoes the bulk changeset.
 *
 * SANIMAP_CRASH_KILLS_PG (default 15) and SANIMAP_CRASH_SEED (random) make a run repeatable.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropTestDatabase } from '../helpers/postgres';
import { startServer } from '../helpers/server';
import { runCrashRounds, type CrashStore } from './crash-rounds';
import { CHECKS_APPLICATION, openPostgresView, waitForServerConnectionsGone } from './postgres-view';

const KILLS = Number(process.env.SANIMAP_CRASH_KILLS_PG ?? 15);
const SEED = process.env.SANIMAP_CRASH_SEED ?? String(Date.now());
let databaseUrl: string;
let pool: pg.Pool;

beforeAll(async () => {
	databaseUrl = await createTestDatabase();
	pool = new pg.Pool({ connectionString: databaseUrl, application_name: CHECKS_APPLICATION, max: 2 });
});

afterAll(async () => {
	await pool?.end();
	if (databaseUrl) await dropTestDatabase(databaseUrl);
});

/** How long PostgreSQL took, at most, to end the connections of a killed server. */
let slowestEnd = 0;

const postgresStore = (): CrashStore => ({
	start: ({ seed }) => startServer(seed ? { databaseUrl, seed } : { databaseUrl }),
	async afterKill(context) {
		// A backend whose client died ends, rolling back its transaction, when it next reads from
		// the socket; one still running a statement ends when that does. Wait for all of them, so the
		// checks (and the next server) find only what was committed, and nothing still locked.
		const { left, ms } = await waitForServerConnectionsGone(pool, 10_000);
		slowestEnd = Math.max(slowestEnd, ms);
		expect(left, `${context}: connections of the killed server still open`).toEqual([]);
		const prepared = await pool.query('SELECT gid FROM pg_prepared_xacts');
		expect(prepared.rows, `${context}: prepared transactions left`).toEqual([]);
	},
	open: () => openPostgresView(pool)
});

describe('crash safety under SIGKILL, on PostgreSQL', () => {
	it(`keeps every acknowledged write and no half-applied changeset through ${KILLS} kills`, { timeout: 600_000 }, async () => {
		await runCrashRounds({
			store: postgresStore(),
			kills: KILLS,
			seed: SEED,
			label: ' on PostgreSQL'
		});
		console.log(`crash suite on PostgreSQL: the killed server's connections were gone at most ${slowestEnd} ms after each kill`);
	});
});
