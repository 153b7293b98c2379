/**
 * The reads a worker thread makes over a connection of its own to the server's store (the
 * analysis and cluster workers): the server opened and migrated it; a worker only reads, and a
 * bug that tried to write through it fails instead of writing.
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
import type { TileReads } from './tiles';
import type { Open311Store } from './open311';
import { SqliteOpen311Store } from '../repositories/open311';
import { PgOpen311Store } from './postgres/open311';
import type { SettingsStore } from './settings';
import { SqliteSettingsStore } from '../repositories/settings';
import { PgSettingsStore } from './postgres/settings';
import type { ChangesetStore, FeatureReads, HistoryReads } from './types';

export interface WorkerStore {
	features: FeatureReads;
	/** For its reads (latest id, history); a write through it is refused by the connection. */
	changesets: ChangesetStore;
	history: HistoryReads;
	tiles: TileReads;
	open311: Open311Store;
	/** The rules in force, read on every job that uses them. */
	settings: SettingsStore;
	close(): Promise<void>;
}

/** A worker's connections: few, since it runs one job at a time. */
const WORKER_POOL_SIZE = 2;

export function openWorkerStore(target: StoreTarget, clock: () => Date): WorkerStore {
	if (target.store === 'sqlite') {
		const db = openConnection(target.path);
		db.$client.pragma('query_only = ON');
		return {
			features: new FeatureRepository(db),
			changesets: new ChangesetRepository(db, { clock }),
			history: new SqliteHistoryReads(db),
			tiles: new SqliteTileReads(db),
			open311: new SqliteOpen311Store(db),
			settings: new SqliteSettingsStore(db),
			close: async () => void db.$client.close()
		};
	}
	const db = connectPostgres(target.url, { max: WORKER_POOL_SIZE, readOnly: true });
	return {
		features: new PgFeatureRepository(db),
		changesets: new PgChangesetRepository(db, { clock }),
		history: new PgHistoryReads(db),
		tiles: new PgTileReads(db),
		open311: new PgOpen311Store(db),
		settings: new PgSettingsStore(db),
		close: () => db.$client.end()
	};
}
