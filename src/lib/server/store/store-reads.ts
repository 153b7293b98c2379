/**
 * A store's features, changesets, past and tiles over one database connection: the reads every
 * process opens (the server, each worker, a replica's side), built in one place for each store.
 */
import type { Db } from '../db';
import type { PgDb } from '../db/postgres';
import { ChangesetRepository } from '../repositories/changesets';
import { FeatureRepository } from '../repositories/features';
import { SqliteHistoryReads } from '../repositories/history-at';
import { SqliteTileReads } from '../repositories/tile-reads';
import { PgChangesetRepository } from './postgres/changesets';
import { PgFeatureRepository } from './postgres/features';
import { PgHistoryReads } from './postgres/history-at';
import { PgTileReads } from './postgres/tile-reads';
import type { TileReads } from './tiles';
import type { ChangesetStore, FeatureReads, HistoryReads } from './types';

export interface StoreReads {
	features: FeatureReads;
	changesets: ChangesetStore;
	history: HistoryReads;
	tiles: TileReads;
}

export const sqliteStoreReads = (db: Db, clock: () => Date): StoreReads => ({
	features: new FeatureRepository(db),
	changesets: new ChangesetRepository(db, { clock }),
	history: new SqliteHistoryReads(db),
	tiles: new SqliteTileReads(db)
});

export const pgStoreReads = (db: PgDb, clock: () => Date): StoreReads => ({
	features: new PgFeatureRepository(db),
	changesets: new PgChangesetRepository(db, { clock }),
	history: new PgHistoryReads(db),
	tiles: new PgTileReads(db)
});
