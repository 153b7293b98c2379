/**
 * A worker thread's connection of its own to the server's store, which the server opened and
 * migrated. The analysis and cluster workers only read: through their connection a bug that
 * tried to write fails instead of writing. The import worker writes (its commits).
 */
import { openConnection } from '../db';
import { connectPostgres } from '../db/postgres';
import { ChangesetRepository } from '../repositories/changesets';
import { FeatureRepository } from '../repositories/features';
import { SqliteHistoryReads } from '../repositories/history-at';
import { SqliteTileReads } from '../repositories/tile-reads';
import { PgChangesetRepository } from './postgres/changesets';
import { PgFeatureRepository } from './postgres/features';
import { PgHistoryReads } from './postgres/history-at';
import { PgTileReads } from './postgres/tile-reads';
import type { StoreTarget } from './target';
import { routedStoreReads } from './replica-store';
import type { TileReads } from './tiles';
import type { ImportKeyReads } from './import-keys';
import { SqliteImportKeyReads } from '../repositories/import-keys';
import { PgImportKeyReads } from './postgres/import-keys';
import type { Open311Store } from './open311';
import { SqliteOpen311Store } from '../repositories/open311';
import { PgOpen311Store } from './postgres/open311';
import type { SettingsStore } from './settings';
import { SqliteSettingsStore } from '../repositories/settings';
import { PgSettingsStore } from './postgres/settings';
import type { ChangesetStore, FeatureReads, HistoryReads } from './types';

export interface WorkerStore {
	features: FeatureReads;
	/** Writes only for a worker that writes; for the others, its reads (latest id, history). */
	changesets: ChangesetStore;
	importKeys: ImportKeyReads;
	history: HistoryReads;
	tiles: TileReads;
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
			features: new FeatureRepository(db),
			changesets: new ChangesetRepository(db, { clock }),
			history: new SqliteHistoryReads(db),
			tiles: new SqliteTileReads(db),
			importKeys: new SqliteImportKeyReads(db),
			open311: new SqliteOpen311Store(db),
			settings: new SqliteSettingsStore(db),
			close: async () => void db.$client.close()
		};
	}
	const db = connectPostgres(target.url, { max: WORKER_POOL_SIZE, readOnly: !writes });
	const primary = {
		features: new PgFeatureRepository(db),
		changesets: new PgChangesetRepository(db, { clock }),
		history: new PgHistoryReads(db),
		tiles: new PgTileReads(db)
	};
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
