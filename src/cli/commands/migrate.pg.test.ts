/**
 * `migrate` and the PostgreSQL `backup`, run as a user runs them (the CLI in a process of its own)
 * on real databases: the demo community the app seeds on its first start, with later edits, moved
 * SQLite → PostgreSQL → a new SQLite file, and compared at each step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Geometry } from 'geojson';
import { createTestDatabase } from '../../../tests/helpers/postgres';
import { openDatabase, type Db } from '../../lib/server/db';
import * as schema from '../../lib/server/db/schema';
import { openPostgres, type PgDb } from '../../lib/server/db/postgres';
import { appRoot } from '../../lib/server/app-root';
import { ChangesetRepository } from '../../lib/server/repositories/changesets';
import { FeatureRepository } from '../../lib/server/repositories/features';
import { PgChangesetRepository } from '../../lib/server/store/postgres/changesets';
import { PgFeatureRepository } from '../../lib/server/store/postgres/features';
import { InspectionTemplateService } from '../../lib/server/services/inspections/templates';
import { SqliteTemplateStore } from '../../lib/server/repositories/templates';
import { seedDemoCommunity } from '../../lib/server/services/demo/seed';
import { seedDemoInspections } from '../../lib/server/services/demo/demo-inspections';
import { findPostgresProgram } from '../../lib/server/db/postgres/dump';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NOW = Date.parse('2026-11-28T09:00:00+08:00');
const TZ = 'Asia/Shanghai';
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
	json: MigrateAnswer | null;
}
interface MigrateAnswer {
	rows: number;
	tables: { table: string; sourceRows: number; targetRows: number; sourceChecksum: string; targetChecksum: string; same: boolean }[];
	photos: { rows: number; folder: string; copyTo: string; note: string };
}

function cli(...args: string[]): Promise<Run> {
	return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SANIMAP_PHOTO_DIR: '', ...env } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		child.on('error', reject);
		child.on('close', (code) => {
			let json = null;
			try {
				json = JSON.parse(stdout);
			} catch {
				// a refusal prints nothing on stdout
			}
			resolve({ code, stdout, stderr, json });
		});
	});
}

let dir: string;
let sqliteA: string;
let sqliteB: string;
let pgUrl: string;
const pgOpened: PgDb[] = [];
let deletedId: number;
let elevatedId: number;
let editedId: number;
let fineId: number;
const FINE: Geometry = { type: 'LineString', coordinates: [[0.12345678901234567, 1.0000000000000002], [-0.00012345678901234567, 1.2345678901234567e-10]] };

/** The demo community as the server seeds it on first start, then a day of later work. */
async function seedCommunity(file: string): Promise<void> {
	const db = openDatabase(file);
	try {
		const templates = new InspectionTemplateService(new SqliteTemplateStore(db), () => new Date(NOW));
		await templates.ensureDefaults();
		const { created } = await seedDemoCommunity((clock) => new ChangesetRepository(db, { clock }), join(appRoot, 'data', 'demo'), { now: NOW, timeZone: TZ });
		expect(created).toBeGreaterThan(100);
		await seedDemoInspections(new FeatureRepository(db), (clock) => new ChangesetRepository(db, { clock }), templates, { now: NOW, timeZone: TZ });
		await laterWork(db);
	} finally {
		db.$client.close();
	}
}

async function laterWork(db: Db): Promise<void> {
	let minute = 0;
	const changesets = new ChangesetRepository(db, { clock: () => new Date(NOW + ++minute * 60_000) });
	const input = { author: 'planner', source: 'web' as const };
	const bins = await new FeatureRepository(db).all('bin');
	// One bin edited three times, its geometry once.
	let bin = bins[0];
	for (const status of ['damaged', 'repaired', 'installed']) {
		bin = (await changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: bin.version, properties: { status, note: `检查 ${status}` } }])).results[0];
	}
	bin = (await changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: bin.version, geometry: { type: 'Point', coordinates: [116.401234567891, 39.912345678912] } }])).results[0];
	editedId = bin.id;
	// One deleted.
	deletedId = bins[1].id;
	await changesets.apply({ ...input, comment: '拆除' }, [{ op: 'delete', id: bins[1].id, baseVersion: bins[1].version }]);
	// One with an elevation (a GPX import keeps it), with import meta.
	const elevated: Geometry = { type: 'LineString', coordinates: [[116.3912, 39.9071, 44.5], [116.3915, 39.9073, 45.25]] };
	const created = await changesets.apply({ author: 'importer', source: 'import', meta: { crs: 'EPSG:4326', file: 'walk.gpx' } }, [{ op: 'create', kind: 'drain', geometry: elevated, properties: { name: '北沟' } }]);
	elevatedId = created.results[0].id;
	// Coordinates near 0 need more than the 15 decimals the PostgreSQL store reads with; a move keeps every digit.
	const fine = await changesets.apply(input, [{ op: 'create', kind: 'survey-mark', geometry: FINE, properties: {} }]);
	fineId = fine.results[0].id;

	// The rest of the tables, a few rows each, as the services write them.
	const [user] = db.insert(schema.users).values({ username: 'li.wei', displayName: '李伟', role: 'field', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', createdAt: at(1), passwordChangedAt: at(1), disabledAt: null }).returning().all();
	db.insert(schema.users).values({ username: 'admin', displayName: 'Admin', role: 'admin', passwordHash: 'x', createdAt: at(2), passwordChangedAt: at(3), disabledAt: at(4) }).run();
	db.insert(schema.sessions).values([
		{ id: 'b2f1c0ffee', userId: user.id, kind: 'cookie', createdAt: at(5), expiresAt: at(600), lastSeenAt: at(6) },
		{ id: 'A1-token', userId: user.id, kind: 'token', createdAt: at(5), expiresAt: at(900), lastSeenAt: at(7) }
	]).run();
	db.insert(schema.settings).values({ key: 'rules', value: JSON.stringify({ hotspotDeadlineDays: 5, zeta: [1, 2.5], alpha: { b: null, a: '甲' } }), updatedAt: at(8), updatedBy: 'admin' }).run();
	db.insert(schema.settings).values({ key: 'plain', value: '"text"', updatedAt: at(8), updatedBy: 'admin' }).run();
	db.insert(schema.photos).values({ id: 'p-0001', contentType: 'image/jpeg', bytes: 12345, sha256: 'ab'.repeat(32), path: '2026/11/p-0001.jpg', width: 640, height: 480, createdAt: at(9), createdBy: 'li.wei' }).run();
	const zone = (await new FeatureRepository(db).all('zone'))[0];
	db.insert(schema.userZones).values({ userId: user.id, zoneId: zone.id, createdAt: at(10), createdBy: 'admin' }).run();
	const [key] = db.insert(schema.open311Keys).values({ name: '12345 热线', keyHash: 'cd'.repeat(32), ratePerHour: 60, createdAt: at(11), createdBy: 'admin', revokedAt: null }).returning().all();
	const hotspot = (await new FeatureRepository(db).all('hotspot'))[0];
	db.insert(schema.publicReporters).values([
		{ caseId: hotspot.id, tokenHash: 'ef'.repeat(32), role: 'report', contact: '138-0000-0000', keyId: null, createdAt: at(12) },
		{ caseId: hotspot.id, tokenHash: '01'.repeat(32), role: 'open311', contact: null, keyId: key.id, createdAt: at(13) }
	]).run();
}

async function kindsOf(db: Db): Promise<string[]> {
	return (db.$client.prepare('SELECT DISTINCT kind FROM features ORDER BY kind').pluck().all() as string[]);
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'sanimap-migrate-'));
	sqliteA = join(dir, 'a', 'sanimap.db');
	sqliteB = join(dir, 'b', 'sanimap.db');
	await seedCommunity(sqliteA);
	pgUrl = await createTestDatabase();
}, 120_000);

afterAll(async () => {
	await Promise.all(pgOpened.map((db) => db.$client.end()));
	rmSync(dir, { recursive: true, force: true });
});

async function openPg(url: string): Promise<PgDb> {
	const db = await openPostgres(url, { max: 2 });
	pgOpened.push(db);
	return db;
}

describe('migrate', { timeout: 180_000 }, () => {
	let toPg: MigrateAnswer;
	let toSqlite: MigrateAnswer;

	it('moves the community SQLite → PostgreSQL → a new SQLite file with the same rows and checksums in every table', async () => {
		const first = await cli('migrate', '--from', sqliteA, '--to', pgUrl);
		expect(first.code, first.stderr).toBe(0);
		toPg = first.json!;
		const second = await cli('migrate', '--from', pgUrl, '--to', `sqlite:${sqliteB}`);
		expect(second.code, second.stderr).toBe(0);
		toSqlite = second.json!;

		const names = toPg.tables.map((t) => t.table);
		expect(names).toEqual(expect.arrayContaining(['changesets', 'features', 'feature_versions', 'users', 'sessions', 'settings', 'photos', 'inspection_templates', 'inspection_template_versions', 'user_zones', 'open311_keys', 'public_reporters']));
		// Foreign-key order: a table comes after those it refers to.
		expect(names.indexOf('feature_versions')).toBeGreaterThan(Math.max(names.indexOf('features'), names.indexOf('changesets')));
		expect(names.indexOf('sessions')).toBeGreaterThan(names.indexOf('users'));
		for (const t of toPg.tables) {
			expect(t, t.table).toMatchObject({ same: true, targetRows: t.sourceRows, targetChecksum: t.sourceChecksum });
			expect(t.sourceRows, t.table).toBeGreaterThan(0);
			const back = toSqlite.tables.find((x) => x.table === t.table)!;
			expect(back, t.table).toMatchObject({ same: true, sourceRows: t.sourceRows, targetRows: t.sourceRows, sourceChecksum: t.sourceChecksum, targetChecksum: t.sourceChecksum });
		}
		expect(toPg.tables.find((t) => t.table === 'feature_versions')!.sourceRows).toBeGreaterThan(toPg.tables.find((t) => t.table === 'features')!.sourceRows);
		expect(toPg.photos).toMatchObject({ rows: 1, folder: join(dir, 'a', 'photos') });
		expect(toPg.photos.note).toMatch(/Copy that folder to the photo folder of the server/);
		expect(toSqlite.photos.copyTo).toBe(join(dir, 'b', 'photos'));
		expect(first.stderr).toMatch(/feature_versions: [\d,]+ of [\d,]+ rows copied/);
		expect(first.stderr).toMatch(/feature_versions: [\d,]+ rows read back on the target/);
		expect(first.stderr).toMatch(/^features\s+\d+\s+\d+\s+[0-9a-f]{16} same$/m);
		process.stdout.write(`${first.stderr}\n`);
	});

	it('leaves the features, their history and their changesets as the stores read them, equal on all three', async () => {
		const a = openDatabase(sqliteA);
		const b = openDatabase(sqliteB);
		try {
			const pg = await openPg(pgUrl);
			const stores = [new FeatureRepository(a), new PgFeatureRepository(pg), new FeatureRepository(b)];
			const kinds = await kindsOf(a);
			expect(kinds.length).toBeGreaterThan(5);
			for (const kind of kinds) {
				const [onA, onPg, onB] = await Promise.all(stores.map((s) => s.all(kind)));
				expect(onA.length, kind).toBeGreaterThan(0);
				if (kind !== 'survey-mark') expect(onPg, kind).toEqual(onA);
				expect(onB, kind).toEqual(onA);
			}
			expect((await stores[2].get('survey-mark', fineId))?.geometry).toEqual(FINE);
			const { rows: fine } = await pg.$client.query<{ x: number }>('SELECT ST_X(ST_StartPoint(geometry)) AS x FROM features WHERE id = $1', [fineId]);
			expect(fine[0].x).toBe(0.12345678901234567);
			for (const s of stores) {
				expect(await s.wasDeleted('bin', deletedId)).toBe(true);
				expect((await s.get('drain', elevatedId))?.geometry).toEqual({ type: 'LineString', coordinates: [[116.3912, 39.9071, 44.5], [116.3915, 39.9073, 45.25]] });
				expect(await s.get('bin', editedId)).toMatchObject({ version: 5, properties: expect.objectContaining({ status: 'installed' }), geometry: { type: 'Point', coordinates: [116.401234567891, 39.912345678912] } });
			}
			const changesetsA = new ChangesetRepository(a);
			const changesetsPg = new PgChangesetRepository(pg);
			const last = a.$client.prepare('SELECT max(id) FROM changesets').pluck().get() as number;
			for (const id of [1, 2, Math.floor(last / 2), last - 1, last]) expect(await changesetsPg.get(id), `changeset ${id}`).toEqual(await changesetsA.get(id));
		} finally {
			a.$client.close();
			b.$client.close();
		}
	});

	it('gives a changeset, a feature and a version written on PostgreSQL after the move ids past the copied ones', async () => {
		const pg = await openPg(pgUrl);
		const copied = (await pg.$client.query<{ c: number; f: number; v: number; u: number }>('SELECT (SELECT max(id) FROM changesets) AS c, (SELECT max(id) FROM features) AS f, (SELECT max(id) FROM feature_versions) AS v, (SELECT max(id) FROM users) AS u')).rows[0];
		const { changeset, results } = await new PgChangesetRepository(pg).apply({ author: 'planner', source: 'web' }, [{ op: 'create', kind: 'bin', geometry: { type: 'Point', coordinates: [116.4, 39.9] }, properties: { status: 'installed' } }]);
		expect(changeset.id).toBe(copied.c + 1);
		expect(results[0].id).toBe(copied.f + 1);
		const [user] = await pg.insert((await import('../../lib/server/db/postgres/schema')).users).values({ username: 'new.user', displayName: 'N', role: 'viewer', passwordHash: 'x', createdAt: at(20), passwordChangedAt: at(20) }).returning();
		expect(user.id).toBe(copied.u + 1);
		const { rows } = await pg.$client.query<{ id: number }>('SELECT id FROM feature_versions WHERE changeset_id = $1', [changeset.id]);
		expect(rows[0].id).toBe(copied.v + 1);
	});

	it('moves from one PostgreSQL database to another with the same figures', async () => {
		const run = await cli('migrate', '--from', pgUrl, '--to', await createTestDatabase(), '--batch', '500');
		expect(run.code, run.stderr).toBe(0);
		for (const t of run.json!.tables) {
			// The first case's figures, before the later cases wrote to the database.
			const before = toPg.tables.find((x) => x.table === t.table)!;
			expect(t.same, t.table).toBe(true);
			if (!['changesets', 'features', 'feature_versions', 'users'].includes(t.table)) expect(t.sourceChecksum, t.table).toBe(before.sourceChecksum);
		}
	});

	it('refuses a target that is not empty, naming a table and its rows, and stores nothing there', async () => {
		const pg = await openPg(pgUrl);
		const before = (await pg.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM feature_versions')).rows[0].n;
		const again = await cli('migrate', '--from', sqliteA, '--to', pgUrl);
		expect(again.code).toBe(2);
		expect(again.stderr).toMatch(/is not empty: table changesets has \d+ rows/);
		expect((await pg.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM feature_versions')).rows[0].n).toBe(before);

		const bytes = statSync(sqliteB).size;
		const intoFile = await cli('migrate', '--from', pgUrl, '--to', sqliteB);
		expect(intoFile.code).toBe(2);
		expect(intoFile.stderr).toMatch(/is not empty: table changesets has \d+ rows/);
		expect(statSync(sqliteB).size).toBe(bytes);
	});

	it('leaves the target empty when a row cannot be copied part way through', async () => {
		const broken = join(dir, 'broken.db');
		copyFileSync(sqliteA, broken);
		const db = openDatabase(broken);
		db.$client.prepare("UPDATE feature_versions SET geometry = '{\"type\":\"Point\",\"coordinates\":' WHERE id = (SELECT max(id) FROM feature_versions)").run();
		db.$client.close();
		const url = await createTestDatabase();
		const run = await cli('migrate', '--from', broken, '--to', url);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/feature_versions \(id=\d+\): geometry is not valid JSON/);
		const pg = await openPg(url);
		const stored = async () => Number((await pg.$client.query<{ n: string }>('SELECT (SELECT count(*) FROM features) + (SELECT count(*) FROM changesets) + (SELECT count(*) FROM inspection_templates) AS n')).rows[0].n);
		expect(await stored()).toBe(0);

		// A geometry PostGIS cannot keep as it is: positions with and without elevation.
		const db2 = openDatabase(broken);
		db2.$client.prepare(`UPDATE feature_versions SET geometry = '{"type":"LineString","coordinates":[[116.39,39.9],[116.4,39.91,12]]}' WHERE id = (SELECT max(id) FROM feature_versions)`).run();
		db2.$client.close();
		const mixed = await cli('migrate', '--from', broken, '--to', url);
		expect(mixed.code).toBe(2);
		expect(mixed.stderr).toMatch(/feature_versions \(id=\d+\): geometry mixes positions with and without elevation/);
		expect(await stored()).toBe(0);
	});

	it('says plainly what is wrong with the ends it is given', async () => {
		const missing = await cli('migrate', '--from', join(dir, 'nothing.db'), '--to', pgUrl);
		expect(missing.stderr).toMatch(/There is no database at .*nothing\.db/);
		const same = await cli('migrate', '--from', sqliteA, '--to', `sqlite:${sqliteA}`);
		expect(same.stderr).toMatch(/--from and --to name the same database/);
		const sameServer = await cli('migrate', '--from', pgUrl, '--to', pgUrl.replace('127.0.0.1', 'localhost'));
		expect(sameServer.stderr).toMatch(/--from and --to name the same database/);
		const unreachable = await cli('migrate', '--from', sqliteA, '--to', 'postgres://sanimap:secret@127.0.0.1:1/none');
		expect(unreachable.stderr).toMatch(/Cannot reach the PostgreSQL database postgres:\/\/sanimap:\*\*\*@127\.0\.0\.1:1\/none: no PostgreSQL server answers there/);
		const noPostgis = await cli('migrate', '--from', sqliteA, '--to', await createTestDatabase({ postgis: false }).then(async (url) => {
			const u = new URL(url);
			const admin = await openPgClient(url);
			const role = `${u.pathname.slice(1)}_app`;
			await admin.query(`CREATE ROLE ${role} LOGIN`);
			await admin.query(`GRANT ALL ON DATABASE ${u.pathname.slice(1)} TO ${role}`);
			await admin.query(`GRANT ALL ON SCHEMA public TO ${role}`);
			await admin.end();
			u.username = role;
			return u.toString();
		}));
		expect(noPostgis.stderr).toMatch(/extension "postgis"/);
		for (const run of [missing, same, sameServer, unreachable, noPostgis]) expect(run.code).toBe(2);
	});
});

async function openPgClient(url: string) {
	const pg = (await import('pg')).default;
	const client = new pg.Client(url);
	await client.connect();
	return client;
}

describe('backup of a PostgreSQL database', { timeout: 120_000 }, () => {
	it('writes a pg_dump custom-format file that pg_restore lists, and says how to restore it', async () => {
		// The moved community when the cases above ran; its tables at least when this one runs alone.
		await openPg(pgUrl);
		const out = join(dir, 'community.dump');
		const run = await cli('backup', '--db', pgUrl, '--out', out);
		expect(run.code, run.stderr).toBe(0);
		const answer = JSON.parse(run.stdout);
		expect(answer).toMatchObject({ store: 'postgres', out, bytes: statSync(out).size });
		expect(answer.restore).toMatch(/^pg_restore .*--dbname/);
		const pgRestore = findPostgresProgram('pg_restore');
		expect(pgRestore).toBeTruthy();
		const list = spawnSync(pgRestore!, ['--list', out], { encoding: 'utf8' });
		expect(list.status, list.stderr).toBe(0);
		expect(list.stdout).toMatch(/TABLE DATA public feature_versions/);
		expect(list.stdout).toMatch(/TABLE DATA public changesets/);

		// The database the app is configured with, when --db is not given.
		const fromSetting = await cliWith({ DATABASE_URL: pgUrl }, 'backup', '--out', join(dir, 'setting.dump'));
		expect(fromSetting.code, fromSetting.stderr).toBe(0);
		expect(JSON.parse(fromSetting.stdout)).toMatchObject({ store: 'postgres', out: join(dir, 'setting.dump') });

		const restore = await cli('restore', '--from', out);
		expect(restore.code, restore.stderr).toBe(0);
		expect(JSON.parse(restore.stdout)).toMatchObject({ store: 'postgres', restored: false, restore: expect.stringMatching(/^pg_restore .* --dbname=.* .*community\.dump$/) });
		expect(JSON.parse(restore.stdout).contents.tables).toEqual(expect.arrayContaining(['features', 'feature_versions', 'changesets', 'users']));
		const cut = join(dir, 'cut.dump');
		writeFileSync(cut, readFileSync(out).subarray(0, 300));
		const damaged = await cli('restore', '--from', cut);
		expect(damaged.code).toBe(2);
		expect(damaged.stderr).toMatch(/pg_restore cannot read .*cut\.dump/);
		const wrongWay = await cli('restore', '--from', sqliteA, '--db', pgUrl);
		expect(wrongWay.stderr).toMatch(/is not a pg_dump file.*migrate --from/);
	});
});
