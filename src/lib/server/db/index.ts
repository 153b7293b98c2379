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

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
	migrationsFolder?: string;
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new Database(path);
	// WAL: readers never block the writer. synchronous=NORMAL in WAL keeps every committed
	// transaction through an application crash; a power loss may drop the last few commits.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = drizzle({ client: sqlite, schema }) as Db;
	migrate(db, { migrationsFolder: options.migrationsFolder ?? join(appRoot, 'drizzle') });
	return db;
}
