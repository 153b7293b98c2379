import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSettingProblems, readSettings } from './server-settings';

// A stand-in app folder: readSettings checks SANIMAP_ROOT for drizzle/ and paths for folders.
const root = mkdtempSync(join(tmpdir(), 'sanimap-settings-'));
mkdirSync(join(root, 'drizzle'));
writeFileSync(join(root, 'a-file'), '');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readSettings', () => {
	it('gives the defaults when nothing is set, and for empty settings', () => {
		const { values, problems } = readSettings({ SANIMAP_CACHE_MB: '', PORT: '  ' }, root);
		expect(problems).toEqual([]);
		expect(values).toMatchObject({
			host: undefined,
			port: undefined,
			database: { store: 'sqlite', path: join(root, 'var/sanimap.db') },
			seedDemo: true,
			maxBodyBytes: 5 * 1024 * 1024,
			cacheMb: 128,
			synchronous: 'NORMAL',
			busyTimeoutMs: 5000,
			publicRead: true,
			prebuildClusters: true,
			tileThreshold: 20_000,
			adminPassword: undefined,
			photoDir: join(root, 'var/photos'),
			maxPhotoBytes: 8 * 1024 * 1024,
			basemapUrl: ''
		});
	});

	it('takes good values', () => {
		const { values, problems } = readSettings(
			{ HOST: '0.0.0.0', PORT: '8080', ORIGIN: 'https://map.example.org', DATABASE_URL: 'sqlite:data/town.db', SANIMAP_SEED: 'none', SANIMAP_SYNCHRONOUS: 'full', SANIMAP_PUBLIC_READ: 'FALSE', SANIMAP_BUSY_TIMEOUT_MS: '0', SANIMAP_ADMIN_PASSWORD: 'long enough', SANIMAP_ROOT: root },
			root
		);
		expect(problems).toEqual([]);
		expect(values).toMatchObject({ host: '0.0.0.0', port: 8080, origin: 'https://map.example.org', database: { store: 'sqlite', path: join(root, 'data/town.db') }, seedDemo: false, synchronous: 'FULL', publicRead: false, busyTimeoutMs: 0, adminPassword: 'long enough', photoDir: join(root, 'data/photos') });
	});

	it('names each setting it cannot use, its value and what it accepts, keeping the default meanwhile', () => {
		const { values, problems } = readSettings(
			{ SANIMAP_CACHE_MB: 'lots', SANIMAP_SYNCHRONOUS: 'sometimes', PORT: '70000', ORIGIN: 'localhost:3000', SANIMAP_PUBLIC_READ: 'yes', SANIMAP_SEED: 'demo-data', SANIMAP_BASEMAP_URL: 'https://tiles.example.org/tile.png', SANIMAP_PHOTO_DIR: join(root, 'a-file'), SANIMAP_ROOT: join(root, 'nowhere') },
			root
		);
		expect(values.cacheMb).toBe(128);
		expect(problems.map((p) => p.name).sort()).toEqual(['ORIGIN', 'PORT', 'SANIMAP_BASEMAP_URL', 'SANIMAP_CACHE_MB', 'SANIMAP_PHOTO_DIR', 'SANIMAP_PUBLIC_READ', 'SANIMAP_ROOT', 'SANIMAP_SEED', 'SANIMAP_SYNCHRONOUS']);
		const message = (name: string) => problems.find((p) => p.name === name)!.message;
		expect(message('SANIMAP_CACHE_MB')).toBe('SANIMAP_CACHE_MB is "lots": it must be a whole number of MB, from 1 to 1000000.');
		expect(message('SANIMAP_SYNCHRONOUS')).toBe('SANIMAP_SYNCHRONOUS is "sometimes": it must be one of NORMAL, FULL.');
		expect(message('PORT')).toBe('PORT is "70000": it must be a whole number, from 1 to 65535.');
		expect(message('SANIMAP_PUBLIC_READ')).toBe('SANIMAP_PUBLIC_READ is "yes": it must be one of true, false.');
		expect(problems.find((p) => p.name === 'SANIMAP_CACHE_MB')!.serverOnly).toBe(false);
		expect(problems.find((p) => p.name === 'PORT')!.serverOnly).toBe(true);
	});

	it('takes a PostgreSQL URL, keeping photos in the app folder, and refuses any other store', () => {
		const { values, problems } = readSettings({ DATABASE_URL: 'postgres://sanimap:s3cret@db.example.org/sanimap' }, root);
		expect(problems).toEqual([]);
		expect(values).toMatchObject({ database: { store: 'postgres', url: 'postgres://sanimap:s3cret@db.example.org/sanimap' }, photoDir: join(root, 'var/photos'), migrationsDir: join(root, 'drizzle-pg') });
		const mysql = readSettings({ DATABASE_URL: 'mysql://u:s3cret@db/sanimap' }, root).problems[0].message;
		expect(mysql).toBe(
			'DATABASE_URL is "mysql://u:***@db/sanimap": it is a mysql:// URL, a store sanimap does not know; give a SQLite file path (var/sanimap.db), file:… or sqlite:…, or a postgres://user:password@host:port/database URL.'
		);
		expect(readSettings({ DATABASE_URL: root }, root).problems[0].message).toMatch(/it names a folder/);
	});

	it('takes a read replica beside a PostgreSQL database only, its password not repeated', () => {
		const both = readSettings({ DATABASE_URL: 'postgres://sanimap@primary/sanimap', DATABASE_READ_URL: 'postgres://reader:s3cret@replica/sanimap' }, root);
		expect(both.problems).toEqual([]);
		expect(both.values.readDatabase).toEqual({ store: 'postgres', url: 'postgres://reader:s3cret@replica/sanimap' });
		expect(readSettings({ DATABASE_URL: 'postgres://sanimap@primary/sanimap' }, root).values.readDatabase).toBeUndefined();
		const [onSqlite] = readSettings({ DATABASE_READ_URL: 'postgres://reader:s3cret@replica/sanimap' }, root).problems;
		expect(onSqlite.message).toBe('DATABASE_READ_URL is "postgres://reader:***@replica/sanimap": a read replica needs DATABASE_URL to be a PostgreSQL database; a SQLite file has none.');
		const [notPostgres] = readSettings({ DATABASE_URL: 'postgres://sanimap@primary/sanimap', DATABASE_READ_URL: 'var/replica.db' }, root).problems;
		expect(notPostgres.message).toBe('DATABASE_READ_URL is "var/replica.db": it must be a postgres://user:password@host:port/database URL of a streaming replica of DATABASE_URL.');
	});

	it('never shows the administrator password, only its length', () => {
		const [problem] = readSettings({ SANIMAP_ADMIN_PASSWORD: 'short' }, root).problems;
		expect(problem.message).toBe('SANIMAP_ADMIN_PASSWORD is (5 characters, not shown): it must be a password of 8 to 256 characters.');
	});

	it('says how many settings stopped the start', () => {
		const { problems } = readSettings({ SANIMAP_CACHE_MB: 'x', SANIMAP_SEED: 'y' }, root);
		expect(describeSettingProblems(problems)).toBe(
			'sanimap: SANIMAP_SEED is "y": it must be one of demo, none.\nsanimap: SANIMAP_CACHE_MB is "x": it must be a whole number of MB, from 1 to 1000000.\nsanimap: not started: these 2 settings cannot be used (see the configuration table in README.md).\n'
		);
	});
});
