/**
 * A worker thread's connection of its own to the server's store, which the server opened and
 * migrated. The analysis and cluster workers only read: through their connection a bug that
 * tried to write fails instead of writing. The import worker writes (its commits).
 */
import { openConnection } from '../db';
import { connectPostgres } from '../db/postgres';
import { pgStoreReads, sqliteStoreReads, type StoreReads } from './store-reads';
import type { StoreTarget } from './target';
import { routedStoreReads } from './replica-store';
import type { ImportKeyReads } from './import-keys';
import { SqliteImportKeyReads } from '../repositories/import-keys';
import { PgImportKeyReads } from './postgres/import-keys';
import type { Open311Store } from './open311';
import { SqliteOpen311Store } from '../repositories/open311';
import { PgOpen311Store } from './postgres/open311';
import type { SettingsStore } from './settings';
import { SqliteSettingsStore } from '../repositories/settings';
import { PgSettingsStore } from './postgres/settings';

/** `changesets` writes only for a worker that writes; for the others, its reads (latest id, history). */
export interface WorkerStore extends StoreReads {
	importKeys: ImportKeyReads;
	open311: Open311Store;
	/** The rules in force, read on every job that uses them. */
	settings: SettingsStore;
	close(): Promise<void>;
}

/** A worker's connections: few, since it runs one job at a time. */
const WORKER_POOL_SIZE = 2;

/** `readTarget`: a streaming replica the reads that may lag come from (store/read-your-writes.ts). */
export function openWorkerStore(
	target: StoreTarget,
	clock: () => Date,
	{ writes = false, readTarget }: { writes?: boolean; readTarget?: Extract<StoreTarget, { store: 'postgres' }> } = {}
): WorkerStore {
	if (target.store === 'sqlite') {
		const db = openConnection(target.path);
		if (!writes) db.$client.pragma('query_only = ON');
		return {
			...sqliteStoreReads(db, clock),
			importKeys: new SqliteImportKeyReads(db),
			open311: new SqliteOpen311Store(db),
			settings: new SqliteSettingsStore(db),
			close: async () => void db.$client.close()
		};
	}
	const db = connectPostgres(target.url, { max: WORKER_POOL_SIZE, readOnly: !writes });
	const primary = pgStoreReads(db, clock);
	const replica = readTarget && connectPostgres(readTarget.url, { max: WORKER_POOL_SIZE, readOnly: true });
	const reads = replica ? routedStoreReads(primary, replica, clock) : primary;
	return {
		...reads,
		importKeys: new PgImportKeyReads(db),
		open311: new PgOpen311Store(db),
		settings: new PgSettingsStore(db),
		close: async () => void (await Promise.all([db.$client.end(), replica?.$client.end()]))
	};
}
