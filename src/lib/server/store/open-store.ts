/**
 * Opens the server's store, migrated: the SQLite file of the embedded default (created when
 * new) or a PostgreSQL database (PostGIS made sure of). The services see only the contracts;
 * the worker threads open the same target for themselves (worker-store.ts).
 */
import { join } from 'node:path';
import { appRoot } from '../app-root';
import { openDatabase } from '../db';
import { connectPostgres, openPostgres, PostgresSetupError } from '../db/postgres';
import { routedStoreReads } from './replica-store';
import { pgStoreReads, sqliteStoreReads } from './store-reads';
import { ChangesetRepository } from '../repositories/changesets';
import { PgChangesetRepository } from './postgres/changesets';
import { describeTarget, type StoreTarget } from './target';
import type { TileReads } from './tiles';
import type { Open311Store } from './open311';
import type { SessionRecords, UserRecords, UserZoneRecords } from './accounts';
import { SqliteSessionStore, SqliteUserStore, SqliteUserZoneStore } from '../repositories/accounts';
import { PgSessionStore, PgUserStore, PgUserZoneStore } from './postgres/accounts';
import { SqliteOpen311Store } from '../repositories/open311';
import { PgOpen311Store } from './postgres/open311';
import type { SettingsStore } from './settings';
import type { TemplateStore } from './templates';
import type { PhotoStore } from './photos';
import { SqliteSettingsStore } from '../repositories/settings';
import { SqliteTemplateStore } from '../repositories/templates';
import { SqlitePhotoStore } from '../repositories/photos';
import { PgSettingsStore } from './postgres/settings';
import { PgTemplateStore } from './postgres/templates';
import { PgPhotoStore } from './postgres/photos';
import type { ChangesetStore, FeatureReads } from './types';

interface StoreParts {
	features: FeatureReads;
	changesets: ChangesetStore;
	/** The same store under another clock (the seed stamps each step with its own time). */
	changesetsAt(clock: () => Date): ChangesetStore;
	tiles: TileReads;
	open311: Open311Store;
	users: UserRecords;
	sessions: SessionRecords;
	userZones: UserZoneRecords;
	settings: SettingsStore;
	templates: TemplateStore;
	photos: PhotoStore;
	close(): Promise<void>;
}

/** A streaming replica that serves the reads that may lag (store/read-your-writes.ts). */
export interface ReplicaParts {
	target: Extract<StoreTarget, { store: 'postgres' }>;
	/** The tiles' reads on the replica alone (`tiles` are the primary's). */
	tiles: TileReads;
	/** The newest changeset the replica has replayed. */
	latest: () => Promise<number>;
}

export interface AppStore extends StoreParts {
	target: StoreTarget;
	/** PostgreSQL only, with DATABASE_READ_URL. */
	replica?: ReplicaParts;
}

/** The store named by DATABASE_URL could not be opened: what to tell the person starting the server. */
export class StoreOpenError extends Error {
	constructor(target: StoreTarget, cause: unknown, setting = 'DATABASE_URL') {
		const reason = cause instanceof PostgresSetupError ? cause.message : `${cause instanceof Error ? cause.message : String(cause)}.`;
		super(
			`sanimap could not open the PostgreSQL database ${describeTarget(target)} that ${setting} names: ${reason}` +
				(cause instanceof PostgresSetupError ? '' : ' Check that the server runs and takes connections at that address, and the user name, password and database name.'),
			{ cause }
		);
		this.name = 'StoreOpenError';
	}
}

export interface OpenStoreOptions {
	clock: () => Date;
	/** The SQLite migrations (drizzle/), or PostgreSQL's (drizzle-pg/). */
	migrationsFolder?: string;
	/** A streaming replica of the PostgreSQL database, for the reads that may lag (DATABASE_READ_URL). */
	readTarget?: Extract<StoreTarget, { store: 'postgres' }>;
}

export async function openStore(target: StoreTarget, { clock, migrationsFolder, readTarget }: OpenStoreOptions): Promise<AppStore> {
	if (target.store === 'sqlite') {
		const db = openDatabase(target.path, { migrationsFolder: migrationsFolder ?? join(appRoot, 'drizzle') });
		return {
			target,
			...sqliteStoreReads(db, clock),
			changesetsAt: (at) => new ChangesetRepository(db, { clock: at }),
			open311: new SqliteOpen311Store(db),
			users: new SqliteUserStore(db),
			sessions: new SqliteSessionStore(db),
			userZones: new SqliteUserZoneStore(db),
			settings: new SqliteSettingsStore(db),
			templates: new SqliteTemplateStore(db),
			photos: new SqlitePhotoStore(db),
			close: async () => void db.$client.close()
		};
	}
	const db = await openPostgres(target.url, { migrationsFolder: migrationsFolder ?? join(appRoot, 'drizzle-pg') }).catch((error: unknown) => {
		throw new StoreOpenError(target, error);
	});
	const primary = pgStoreReads(db, clock);
	const replicaDb = readTarget && connectPostgres(readTarget.url, { readOnly: true });
	if (replicaDb) {
		await replicaDb.$client.query('SELECT 1').catch(async (error: unknown) => {
			await Promise.all([db.$client.end(), replicaDb.$client.end()]);
			throw new StoreOpenError(readTarget!, error, 'DATABASE_READ_URL');
		});
	}
	const routed = replicaDb ? routedStoreReads(primary, replicaDb, clock) : undefined;
	return {
		target,
		features: routed?.features ?? primary.features,
		changesets: routed?.changesets ?? primary.changesets,
		changesetsAt: (at) => new PgChangesetRepository(db, { clock: at }),
		tiles: primary.tiles,
		replica: routed && { target: readTarget!, tiles: routed.replicaTiles, latest: routed.replicaLatest },
		open311: new PgOpen311Store(db),
		users: new PgUserStore(db),
		sessions: new PgSessionStore(db),
		userZones: new PgUserZoneStore(db),
		settings: new PgSettingsStore(db),
		templates: new PgTemplateStore(db),
		photos: new PgPhotoStore(db),
		close: async () => void (await Promise.all([db.$client.end(), replicaDb?.$client.end()]))
	};
}
