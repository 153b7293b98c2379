/**
 * Opens a sanimap SQLite database: creates the file if needed, sets the pragmas our durability and
 * concurrency rely on, and applies the Drizzle migrations.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { appRoot } from '../app-root';
import { config } from '../config';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
	migrationsFolder?: string;
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const db = openConnection(path);
	migrate(db, { migrationsFolder: options.migrationsFolder ?? join(appRoot, 'drizzle') });
	return db;
}

/**
 * A connection to a database another connection has already opened and migrated (the import
 * worker's, beside the server's own), with the same pragmas.
 */
export function openConnection(path: string): Db {
	const sqlite = new Database(path);
	// WAL: readers never block the writer. synchronous=NORMAL in WAL keeps every committed
	// transaction through an application crash; a power loss may drop the last few commits.
	// SANIMAP_SYNCHRONOUS=FULL syncs the WAL on every commit, so commits survive a power loss too.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma(`synchronous = ${config.synchronous}`);
	sqlite.pragma('foreign_keys = ON');
	// How long a write waits for a lock held by another process (a backup, a CLI import) before
	// failing with SQLITE_BUSY, which the API answers with 503. SANIMAP_BUSY_TIMEOUT_MS overrides.
	sqlite.pragma(`busy_timeout = ${config.busyTimeoutMs}`);
	// SQLite's default page cache is 2 MB. A city database is about 1 GB, and a map tile or an
	// edit touching pages outside that cache reads them through the OS one system call at a
	// time: a dense tile's query took 40 ms with the default and 10 ms with 128 MB. The cache
	// grows only as pages are read. SANIMAP_CACHE_MB overrides.
	sqlite.pragma(`cache_size = ${-config.cacheMb * 1024}`);
	return drizzle({ client: sqlite, schema }) as Db;
}
