/**
 * Backups of a PostgreSQL store taken while the server writes: `cli backup` runs pg_dump (one
 * snapshot, so no changeset is cut in two), `cli restore` reads the dump back and prints the
 * pg_restore line, and that line, run as a person would, fills a new database or puts the old one
 * back. A server on the restored database has every write acknowledged before the backup began,
 * with its history, and takes new edits (its id sequences came along).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, point } from '../api/api-client';
import { cli } from '../helpers/cli';
import { createTestDatabase, dropTestDatabase } from '../helpers/postgres';
import { startServer, type RunningServer } from '../helpers/server';
import { findPostgresProgram } from '../../src/lib/server/db/postgres/dump';
import { CHECKS_APPLICATION, expectSoundHistory } from './postgres-view';
import { expectWritesServed, startWriters, type AckedWrite } from './support';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sanimap-backup-pg-'));
const databases: string[] = [];
const servers: RunningServer[] = [];

let source: string;
let restoredUrl: string;
let dump: string;
/** Acknowledged before the dump began: the restored database must have each of them. */
let before: AckedWrite[];

beforeAll(async () => {
	source = await createTestDatabase();
	// Empty, not even PostGIS: the dump brings the extension with it.
	restoredUrl = await createTestDatabase({ postgis: false });
	databases.push(source, restoredUrl);
});

afterAll(async () => {
	await Promise.all(servers.map((s) => s.stop()));
	for (const url of databases) await dropTestDatabase(url);
	rmSync(dir, { recursive: true, force: true });
});

/** Runs the `pg_restore …` line the restore command printed, in a shell, as a person would paste it. */
async function runPrinted(line: string) {
	const pgRestore = findPostgresProgram('pg_restore');
	expect(pgRestore, 'pg_restore is installed with PostgreSQL').toBeDefined();
	return run('sh', ['-c', line], { env: { ...process.env, PATH: `${dirname(pgRestore!)}:${process.env.PATH}` } });
}

/** Runs `fn` on a pool of the checks' own to the database at `url`, and ends the pool. */
async function withChecksPool<T>(url: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
	const pool = new pg.Pool({ connectionString: url, application_name: CHECKS_APPLICATION, max: 1 });
	try {
		return await fn(pool);
	} finally {
		await pool.end();
	}
}

/** How many versions each changeset has: a changeset cut in two by the dump would differ from the source. */
const changesetSizes = (url: string) =>
	withChecksPool(url, async (pool) => {
		const rows = (await pool.query<{ id: number; n: number }>('SELECT changeset_id AS id, CAST(count(*) AS integer) AS n FROM feature_versions GROUP BY changeset_id')).rows;
		return new Map(rows.map((r) => [r.id, r.n]));
	});

const expectHistorySound = (url: string, what: string) => withChecksPool(url, (pool) => expectSoundHistory(pool, what));

describe('backup and restore under load, on PostgreSQL', () => {
	it('dumps one snapshot while clients write; the printed pg_restore line fills an empty database that serves every earlier write and takes new ones', { timeout: 300_000 }, async () => {
		const server = await startServer({ databaseUrl: source, seed: true });
		servers.push(server);
		const api = apiClient(server.url, await server.login());
		const writers = startWriters(api);
		while (writers.acked.length < 20) await new Promise((r) => setTimeout(r, 50));

		dump = join(dir, 'under-load.dump');
		const started = Date.now();
		const backup = await cli(['backup', '--db', source, '--out', dump]);
		const writtenDuring = writers.acked.filter((a) => a.at >= started).length;
		await writers.stop();
		before = writers.acked.filter((a) => a.at < started);

		expect(backup.code, backup.stderr).toBe(0);
		expect(backup.json).toMatchObject({ store: 'postgres', out: dump, restore: expect.stringMatching(/^pg_restore /) });
		expect(backup.json.bytes).toBeGreaterThan(0);
		// The server kept writing while pg_dump ran.
		expect(writtenDuring).toBeGreaterThan(0);

		const checked = await cli(['restore', '--from', dump, '--db', restoredUrl]);
		expect(checked.code, checked.stderr).toBe(0);
		expect(checked.json).toMatchObject({ ok: true, store: 'postgres', restored: false });
		expect(checked.json.contents.tables).toEqual(expect.arrayContaining(['features', 'feature_versions', 'changesets', 'users', 'sessions']));
		expect(checked.json.restore).toContain(restoredUrl);
		await runPrinted(checked.json.restore);

		// One snapshot: each changeset in the copy has all of its versions, as the source has them.
		const restoredSizes = await changesetSizes(restoredUrl);
		const sourceSizes = await changesetSizes(source);
		expect(restoredSizes.size).toBeGreaterThan(0);
		for (const [id, n] of restoredSizes) expect(n, `changeset ${id}`).toBe(sourceSizes.get(id));
		await expectHistorySound(restoredUrl, 'the restored database');

		const again = await startServer({ databaseUrl: restoredUrl });
		servers.push(again);
		const reader = apiClient(again.url);
		await expectWritesServed(reader, before);
		const history = await reader.get(`/api/collections/bins/items/${before[0].id}/history`);
		expect(history.status).toBe(200);
		expect(history.body.versions.length).toBeGreaterThanOrEqual(before[0].version);
		const seed = await reader.get('/api/changesets/1');
		expect(seed.status).toBe(200);
		expect(seed.body.features.length).toBeGreaterThan(100);

		// The administrator's account came along, and the id sequences with it: a new bin gets a new id.
		const editor = apiClient(again.url, await again.login());
		const created = await editor.post('/api/collections/bins/items', { geometry: point(116.31, 40.05), properties: { name: 'after the restore' } });
		expect(created.status, created.text).toBe(201);
		expect(created.body.id).toBeGreaterThan(Math.max(...before.map((a) => a.id)));
		const renamed = await editor.patch(`/api/collections/bins/items/${before[0].id}`, { properties: { name: 'renamed after the restore' } }, { 'if-match': `"${(await reader.get(`/api/collections/bins/items/${before[0].id}`)).body.version}"` });
		expect(renamed.status, renamed.text).toBe(200);
	});

	it('puts the database back as it was at the dump, over its own newer state (--clean), the server stopped', { timeout: 180_000 }, async () => {
		const server = servers[0];
		const api = apiClient(server.url, await server.login());
		const later = await api.post('/api/collections/bins/items', { geometry: point(116.32, 40.06), properties: { name: 'after the dump' } });
		expect(later.status, later.text).toBe(201);
		await server.stop();

		const checked = await cli(['restore', '--from', dump, '--db', source]);
		expect(checked.code, checked.stderr).toBe(0);
		await runPrinted(checked.json.restore);
		await expectHistorySound(source, 'the database restored over itself');

		const again = await startServer({ databaseUrl: source });
		servers.push(again);
		const reader = apiClient(again.url);
		expect((await reader.get(`/api/collections/bins/items/${later.body.id}`)).status).toBe(404);
		await expectWritesServed(reader, before);
	});

	it('refuses a dump that is cut, naming the file, and changes nothing', async () => {
		const cut = join(dir, 'cut.dump');
		await run('sh', ['-c', `head -c 2000 ${dump} > ${cut}`]);
		const sizes = await changesetSizes(restoredUrl);
		const res = await cli(['restore', '--from', cut, '--db', restoredUrl]);
		expect(res.code).toBe(2);
		expect(res.stderr).toMatch(/pg_restore cannot read .*cut\.dump/);
		expect(await changesetSizes(restoredUrl)).toEqual(sizes);
	});
});
