/**
 * Opens a sanimap PostgreSQL database: a connection pool, PostGIS made sure of, and the drizzle-kit
 * migrations of drizzle-pg/ applied, like openDatabase does for the SQLite file (../index.ts).
 */
import pg from 'pg';
import { join } from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema';
import { appRoot } from '../../app-root';
import { config } from '../../config';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface OpenPostgresOptions {
	migrationsFolder?: string;
	/** Connections the pool keeps at most (pg's default is 10). */
	max?: number;
}

/** The oldest versions the store is written for: PostgreSQL 15, PostGIS 3. */
const MIN_SERVER_VERSION = 150000;
const MIN_POSTGIS_MAJOR = 3;

/** The database cannot serve sanimap: PostGIS (or a recent enough server) is missing. */
export class PostgresSetupError extends Error {}

/** Any two sanimap processes migrating one database at once take turns on this advisory lock. */
const MIGRATION_LOCK = 0x5a41_4d50; // "ZAMP"

export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PgDb> {
	const db = connectPostgres(url, options);
	const pool = db.$client;
	try {
		await migratePostgres(db, options);
	} catch (error) {
		await pool.end();
		throw error;
	}
	return db;
}

/**
 * A pool to a database another process or thread has already migrated (a worker thread beside
 * the server, which opened it with openPostgres).
 */
export function connectPostgres(url: string, options: Pick<OpenPostgresOptions, 'max'> & { readOnly?: boolean } = {}): PgDb {
	const pool = new pg.Pool({
		connectionString: url,
		max: options.max,
		// A server that does not answer (a wrong host, a firewall) fails a start or a request in
		// seconds instead of leaving it waiting.
		connectionTimeoutMillis: 10_000,
		options: sessionSettings(options.readOnly ?? false)
	});
	// A connection the server closes (a restart, a failover, a crash) must not end the process:
	// the pool hears of an idle one ('error'), but a connection checked out between two queries
	// emits on its own client, which without a listener throws. The query running, or the next
	// one on that client, fails instead (a 503), the pool drops the client on release, and the
	// next request takes a new one.
	pool.on('error', () => {});
	pool.on('connect', (client) => client.on('error', () => {}));
	return drizzle({ client: pool, schema }) as PgDb;
}

/**
 * Settings every connection of the pool starts with. lock_timeout: a statement waits this long for
 * a lock another session holds (a psql session left open in a transaction, a VACUUM FULL, a long
 * import's commit) and then fails with 55P03, which the API answers 503 with Retry-After, as SQLite's
 * busy_timeout has it, instead of a request that hangs (SANIMAP_BUSY_TIMEOUT_MS; PostgreSQL's 0
 * would mean "wait for ever", so 0 is 1 ms). Read-only sessions: a bug that tried to write through
 * a reader's pool fails instead of writing.
 */
function sessionSettings(readOnly: boolean): string {
	return [`-c lock_timeout=${Math.max(1, config.busyTimeoutMs)}`, ...(readOnly ? ['-c default_transaction_read_only=on'] : [])].join(' ');
}

/** Makes sure of PostGIS, then applies the migrations not applied yet; one process at a time. */
export async function migratePostgres(db: PgDb, options: Pick<OpenPostgresOptions, 'migrationsFolder'> = {}): Promise<void> {
	const client = await db.$client.connect();
	try {
		// A server starting beside one that migrates waits its turn however long the migration takes.
		await client.query('SET lock_timeout = 0');
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		try {
			await requirePostgis(client);
			await migrate(db, { migrationsFolder: options.migrationsFolder ?? join(appRoot, 'drizzle-pg') });
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
		}
	} finally {
		await client.query('RESET lock_timeout').catch(() => {});
		client.release();
	}
}

async function requirePostgis(client: pg.PoolClient): Promise<void> {
	const server = Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0].v);
	if (server < MIN_SERVER_VERSION) {
		throw new PostgresSetupError(`sanimap needs PostgreSQL 15 or newer; this server is version ${Math.floor(server / 10000)}.`);
	}
	try {
		await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		const available = (await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).rowCount! > 0;
		throw new PostgresSetupError(
			available
				? `The PostgreSQL extension "postgis" is installed on the server but this database does not have it, and sanimap's role may not create it (${reason}). Ask the database's administrator to run CREATE EXTENSION postgis; in it.`
				: `The PostgreSQL extension "postgis" is not installed on the database server (${reason}). Install PostGIS 3 there (Debian/Ubuntu: apt-get install postgresql-15-postgis-3), then start again.`
		);
	}
	const version = (await client.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'postgis'")).rows[0].v;
	if (Number(version.split('.')[0]) < MIN_POSTGIS_MAJOR) {
		throw new PostgresSetupError(`sanimap needs the PostgreSQL extension "postgis" 3 or newer; this database has ${version}.`);
	}
}
