/**
 * The safety suites' look into a PostgreSQL database, beside the server they test: a read-only
 * view of one snapshot for the history checks (crash-rounds.ts's `DatabaseView`, and those checks
 * themselves), and the server's connections as pg_stat_activity lists them. The suites' own connections carry an application
 * name of their own, so they are told apart from the server's.
 */
import type pg from 'pg';
import { verifyHistory, type DatabaseView } from './crash-rounds';
import { sleep } from './support';

/** A pool for the checks: its connections are not counted as the server's. */
export const CHECKS_APPLICATION = 'sanimap-safety-checks';

/** One read-only snapshot (REPEATABLE READ) for all the reads until `close()`. */
export async function openPostgresView(pool: pg.Pool): Promise<DatabaseView> {
	const client = await pool.connect();
	await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
	return {
		all: async <T>(sql: string, params: unknown[] = []) => {
			let n = 0;
			return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
		},
		nameOf: (column) => `(${column} ->> 'name')`,
		async close() {
			try {
				await client.query('ROLLBACK');
			} finally {
				client.release();
			}
		}
	};
}

/** The history checks of the crash suite (crash-rounds.ts), on one snapshot of the pool's database. */
export async function expectSoundHistory(pool: pg.Pool, what: string): Promise<void> {
	const view = await openPostgresView(pool);
	try {
		await verifyHistory(view, what);
	} finally {
		await view.close();
	}
}

export interface ServerConnection {
	pid: number;
	state: string;
	/** Whether it has a transaction open. */
	xact: boolean;
}

/**
 * Waits up to `withinMs` until no client connection but the checks' is open to the pool's
 * database; what was still open then (empty when they all went) and how long it took.
 */
export async function waitForServerConnectionsGone(pool: pg.Pool, withinMs: number): Promise<{ left: ServerConnection[]; ms: number }> {
	const t0 = Date.now();
	let left: ServerConnection[] = [];
	do {
		left = (
			await pool.query<ServerConnection>(
				`SELECT pid, state, xact_start IS NOT NULL AS xact FROM pg_stat_activity
				WHERE datname = current_database() AND backend_type = 'client backend' AND application_name <> $1`,
				[CHECKS_APPLICATION]
			)
		).rows;
		if (left.length === 0) break;
		await sleep(20);
	} while (Date.now() - t0 < withinMs);
	return { left, ms: Date.now() - t0 };
}
