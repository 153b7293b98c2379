/**
 * Shared by the crash, fault, concurrency and backup suites: sign in as the test administrator and
 * look at the database file directly, read-only, as the restore command would.
 */
import Database from 'better-sqlite3';
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
