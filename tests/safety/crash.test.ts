/**
 * Crash safety: the real server on one database file is killed with SIGKILL at random moments
 * while several clients write, then restarted; after every kill the file must pass SQLite's
 * integrity check and sanimap's history checks, every write the server acknowledged (2xx) must
 * be there with its history, and no changeset may be half-applied. One client keeps undoing and
 * redoing a bulk changeset of BULK_SIZE planned bins (hundreds of features in one transaction), the
 * all-or-nothing write most likely to be cut mid-way, or imports files of IMPORT_SIZE bins: every import the
 * server acknowledged must be there whole with its changeset, and every import whose commit was
 * cut by the kill must be there whole or not at all. In every five rounds one imports at a random
 * moment, one kills while an import commits and one undoes or redoes the bulk changeset, so the
 * default 30 kills check each at least six times (more imports than the 50 rounds of one in ten
 * did, in three fifths of the time). The rounds and checks are crash-rounds.ts, shared with the
 * same suite on PostgreSQL (crash.pg.test.ts).
 *
 * SANIMAP_CRASH_KILLS (default 30) and SANIMAP_CRASH_SEED (random) make a run repeatable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, it } from 'vitest';
import { runCrashRounds, type CrashStore } from './crash-rounds';
import { checkFile, startSafetyServer } from './support';

const KILLS = Number(process.env.SANIMAP_CRASH_KILLS ?? 30);
const SEED = process.env.SANIMAP_CRASH_SEED ?? String(Date.now());

const dir = mkdtempSync(join(tmpdir(), 'sanimap-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The server's file, read as the restore command would: opened read-only, checked, closed before the restart. */
function sqliteStore(dbPath: string): CrashStore {
	return {
		start: ({ seed }) => startSafetyServer(seed ? { dbPath, seed } : { dbPath }),
		checkFile: () => checkFile(dbPath),
		async open() {
			const db = new Database(dbPath, { readonly: true, fileMustExist: true });
			const statements = new Map<string, Database.Statement>();
			return {
				all: async <T>(sql: string, params: unknown[] = []) => {
					let statement = statements.get(sql);
					if (!statement) statements.set(sql, (statement = db.prepare(sql)));
					return statement.all(...params) as T[];
				},
				nameOf: (column) => `json_extract(${column}, '$.name')`,
				close: async () => void db.close()
			};
		}
	};
}

describe('crash safety under SIGKILL', () => {
	it(`keeps every acknowledged write and no half-applied changeset through ${KILLS} kills`, { timeout: 600_000 }, async () => {
		await runCrashRounds({ store: sqliteStore(join(dir, 'crash.db')), kills: KILLS, seed: SEED });
	});
});
