import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storageError } from './storage-errors';

/** Real SqliteErrors from real files, not hand-made objects: the codes are what better-sqlite3 throws. */
describe('storageError', () => {
	let dir: string;
	let file: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'sanimap-storage-errors-'));
		file = join(dir, 'x.db');
		const db = new Database(file);
		db.pragma('journal_mode = WAL');
		db.exec('CREATE TABLE t (x)');
		db.close();
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	function thrown(fn: () => void): unknown {
		try {
			fn();
		} catch (e) {
			return e;
		}
		throw new Error('expected a throw');
	}

	it('maps a lock held past the busy timeout to 503 storage.unavailable (busy)', () => {
		const holder = new Database(file);
		holder.exec('BEGIN IMMEDIATE');
		const writer = new Database(file);
		writer.pragma('busy_timeout = 0');
		const e = thrown(() => writer.exec('INSERT INTO t VALUES (1)'));
		holder.exec('ROLLBACK');
		holder.close();
		writer.close();
		const api = storageError(e)!;
		expect(api.status).toBe(503);
		expect(api.code).toBe('storage.unavailable');
		expect(api.details).toMatchObject({ reason: 'busy', sqliteCode: 'SQLITE_BUSY' });
		expect(api.message).toMatch(/busy.*Nothing was changed/);
	});

	it('maps a write to a read-only database to read-only', () => {
		const db = new Database(file, { readonly: true });
		const e = thrown(() => db.exec('INSERT INTO t VALUES (1)'));
		db.close();
		expect(storageError(e)?.details).toMatchObject({ reason: 'read-only' });
	});

	it('maps SQLITE_FULL (a page limit reached) to full', () => {
		const db = new Database(file);
		const pages = db.pragma('page_count', { simple: true }) as number;
		db.pragma(`max_page_count = ${pages}`);
		const e = thrown(() => db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000)));
		db.close();
		expect(storageError(e)?.details).toMatchObject({ reason: 'full', sqliteCode: 'SQLITE_FULL' });
	});

	it('leaves caller mistakes and bugs alone', () => {
		const db = new Database(file);
		const constraint = thrown(() => db.exec('CREATE TABLE t (y)'));
		db.close();
		expect(storageError(constraint)).toBeNull();
		expect(storageError(new TypeError('x is undefined'))).toBeNull();
		expect(storageError({ code: 'SQLITE_FULL' })).toBeNull();
	});
});
