/**
 * Shared by the crash, fault, concurrency, shutdown and backup suites: start a server, look at the
 * database file directly, read-only, as the restore command would, and keep clients writing.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { point, type ApiClient } from '../api/api-client';
import { startServer, type RunningServer, type StartServerOptions } from '../helpers/server';
import { checkDatabase, type DatabaseCheck } from '../../src/lib/server/db/backup';

export function startSafetyServer(options: StartServerOptions = {}): Promise<RunningServer> {
	return startServer(options);
}

/** SQLite's and sanimap's own checks on the file, as the restore command runs them. */
export function checkFile(dbPath: string): DatabaseCheck {
	return checkDatabase(dbPath);
}

/** Runs `fn` on the file opened read-only, and closes it. */
export function withReadOnlyDb<T>(dbPath: string, fn: (db: Database.Database) => T): T {
	const db = new Database(dbPath, { readonly: true, fileMustExist: true });
	try {
		return fn(db);
	} finally {
		db.close();
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A write the server acknowledged: that version of that feature, and when the answer came. */
export interface AckedWrite {
	id: number;
	version: number;
	at: number;
}

/**
 * `clients` writers that each create a bin and rename it, again and again, until `stop()`; every
 * acknowledged write is recorded. A refused write fails the test.
 */
export function startWriters(api: ApiClient, clients = 3): { acked: AckedWrite[]; stop: () => Promise<void> } {
	const acked: AckedWrite[] = [];
	let writing = true;
	const writer = async (n: number) => {
		let i = 0;
		while (writing) {
			const created = await api.post('/api/collections/bins/items', { geometry: point(116.3 + (i % 50) / 1000, 40 + n / 100), properties: { name: `w${n}-${i++}` } });
			expect(created.status, created.text).toBe(201);
			acked.push({ id: created.body.id, version: 1, at: Date.now() });
			const edited = await api.patch(`/api/collections/bins/items/${created.body.id}`, { properties: { name: `w${n}-${i++}` } }, { 'if-match': '"1"' });
			expect(edited.status, edited.text).toBe(200);
			acked.push({ id: created.body.id, version: 2, at: Date.now() });
		}
	};
	const running = Array.from({ length: clients }, (_, n) => writer(n));
	return {
		acked,
		stop: async () => {
			writing = false;
			await Promise.all(running);
		}
	};
}

/** Each write is served: its feature is there, at that version or a later one. */
export async function expectWritesServed(api: ApiClient, writes: AckedWrite[]): Promise<void> {
	for (const w of writes) {
		const res = await api.get(`/api/collections/bins/items/${w.id}`);
		expect(res.status, `feature ${w.id}`).toBe(200);
		expect(res.body.version, `feature ${w.id}`).toBeGreaterThanOrEqual(w.version);
	}
}
