/**
 * Both stores, each over a database of its own, for the conformance tests (*.pg.test.ts): the
 * SQLite file of the embedded default and PostgreSQL. Each is opened twice over the one database,
 * as two servers sharing it would have it, so a case can write on one and read on the other.
 */
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { openPostgres, type PgDb } from '../../src/lib/server/db/postgres';
import { createTestDatabase } from './postgres';

export interface OpenedStores<T> {
	/** The store as this server has it. */
	here: T;
	/** The same store over the same database, as another server has it. */
	there: T;
	close(): Promise<void>;
}

export function bothStores<T>(make: { sqlite: (db: Db) => T; postgres: (db: PgDb) => T }): { name: string; open: () => Promise<OpenedStores<T>> }[] {
	return [
		{
			name: 'SQLite',
			open: async () => {
				const file = join(mkdtempSync(join(tmpdir(), 'sanimap-store-')), 'test.db');
				const [a, b] = [openDatabase(file), openDatabase(file)];
				return {
					here: make.sqlite(a),
					there: make.sqlite(b),
					close: async () => {
						b.$client.close();
						a.$client.close();
					}
				};
			}
		},
		{
			name: 'PostgreSQL',
			open: async () => {
				const url = await createTestDatabase();
				const [a, b] = [await openPostgres(url, { max: 4 }), await openPostgres(url, { max: 4 })];
				return {
					here: make.postgres(a),
					there: make.postgres(b),
					close: async () => {
						await b.$client.end();
						await a.$client.end();
					}
				};
			}
		}
	];
}

/** The stores `open` makes, opened before the cases of the enclosing describe and closed after them. */
export function openedFor<T>(open: () => Promise<OpenedStores<T>>): OpenedStores<T> {
	const stores = {} as OpenedStores<T>;
	beforeAll(async () => void Object.assign(stores, await open()));
	afterAll(() => stores.close());
	return stores;
}
