import { ApiError } from './api-error';
import { postgresCode } from '../db/postgres/errors';

/**
 * Failures of the disk or of the database lock rather than of the request: a full disk, an I/O
 * error, a database locked by another process for longer than the busy timeout, a read-only file.
 * The caller did nothing wrong and the same request may well succeed in a moment, so they are a
 * 503 with Retry-After, not a 500. SQLite rolls the transaction back, so nothing was stored.
 *
 * Codes are better-sqlite3's `SqliteError.code`: the primary code or an extended one
 * (SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC, SQLITE_BUSY_SNAPSHOT, …), see
 * https://www.sqlite.org/rescode.html; on PostgreSQL, the SQLSTATE below, or a database server
 * that cannot be reached at all.
 */
export type StorageFailureReason = 'full' | 'io' | 'busy' | 'read-only' | 'unreachable';

const STORAGE_FAILURES: { prefix: string; reason: StorageFailureReason; message: string }[] = [
	{ prefix: 'SQLITE_FULL', reason: 'full', message: 'The server’s disk is full, so nothing could be saved. Nothing was changed; try again once space is freed.' },
	{ prefix: 'SQLITE_IOERR', reason: 'io', message: 'The server could not write to its disk, so nothing was saved. Nothing was changed; try again in a moment.' },
	{ prefix: 'SQLITE_BUSY', reason: 'busy', message: 'The database is busy with another task (a backup or maintenance). Nothing was changed; try again in a moment.' },
	{ prefix: 'SQLITE_LOCKED', reason: 'busy', message: 'The database is busy with another task (a backup or maintenance). Nothing was changed; try again in a moment.' },
	{ prefix: 'SQLITE_READONLY', reason: 'read-only', message: 'The database is read-only at the moment, so nothing could be saved. Nothing was changed; try again later.' }
];

/**
 * The same failures on PostgreSQL, by SQLSTATE class or code
 * (https://www.postgresql.org/docs/15/errcodes-appendix.html): the transaction was rolled back, or
 * never reached the server.
 */
const POSTGRES_FAILURES: { prefix: string; reason: StorageFailureReason }[] = [
	{ prefix: '53100', reason: 'full' }, // disk_full
	{ prefix: '58030', reason: 'io' }, // io_error
	{ prefix: '53', reason: 'busy' }, // insufficient resources: out of memory, too many connections
	{ prefix: '55P03', reason: 'busy' }, // lock_not_available
	{ prefix: '57014', reason: 'busy' }, // query_canceled (statement timeout)
	{ prefix: '25006', reason: 'read-only' }, // read_only_sql_transaction: a replica, or a primary being demoted
	{ prefix: '08', reason: 'unreachable' }, // connection exceptions
	{ prefix: '57P0', reason: 'unreachable' } // the server shutting down, crashed, or not accepting connections yet
];

const UNREACHABLE_MESSAGE = 'The server cannot reach its database at the moment, so nothing could be saved or read. Nothing was changed; try again in a moment.';

/** Seconds a client should wait before retrying; short, as most of these clear quickly. */
export const STORAGE_RETRY_AFTER_S = 5;

/** The 503 for a storage failure, or null when `e` is something else. */
export function storageError(e: unknown): ApiError | null {
	const sqlite = sqliteCode(e);
	if (sqlite) {
		const failure = STORAGE_FAILURES.find((f) => sqlite === f.prefix || sqlite.startsWith(f.prefix + '_'));
		if (!failure) return null;
		return new ApiError(503, 'storage.unavailable', failure.message, { reason: failure.reason, sqliteCode: sqlite, retryAfterSeconds: STORAGE_RETRY_AFTER_S });
	}
	const postgres = postgresCode(e);
	const reason = postgres ? POSTGRES_FAILURES.find((f) => postgres.startsWith(f.prefix))?.reason : isConnectionFailure(e) ? 'unreachable' : undefined;
	if (!reason) return null;
	const message = reason === 'unreachable' ? UNREACHABLE_MESSAGE : STORAGE_FAILURES.find((f) => f.reason === reason)!.message;
	return new ApiError(503, 'storage.unavailable', message, { reason, ...(postgres ? { postgresCode: postgres } : {}), retryAfterSeconds: STORAGE_RETRY_AFTER_S });
}

function sqliteCode(e: unknown): string | null {
	if (!(e instanceof Error)) return null;
	// better-sqlite3's SqliteError; matched by shape so this module stays free of the native import.
	const code = (e as Error & { code?: unknown }).code;
	return e.name === 'SqliteError' && typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/**
 * The database server refused or dropped the connection before answering (node's socket errors),
 * also when drizzle passed it on wrapped as a cause.
 */
function isConnectionFailure(e: unknown): boolean {
	for (let error = e; error instanceof Error; error = error.cause) {
		const { code, syscall } = error as Error & { code?: unknown; syscall?: unknown };
		if (syscall === 'connect' || syscall === 'getaddrinfo' || code === 'ECONNRESET') return true;
		// pg's own words when the server ends a connection mid-query or a pool cannot get one in time.
		if (/^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(error.message)) return true;
	}
	return false;
}

/** The same in Chinese, for pages shown to people (the API speaks English). */
export const STORAGE_MESSAGES_ZH: Record<StorageFailureReason, string> = {
	full: '服务器磁盘已满，无法保存。没有任何更改；请在腾出空间后重试。',
	io: '服务器无法写入磁盘，没有保存。没有任何更改；请稍后重试。',
	busy: '数据库正忙于其他任务（备份或维护）。没有任何更改；请稍后重试。',
	'read-only': '数据库暂时只读，无法保存。没有任何更改；请稍后重试。',
	unreachable: '服务器暂时连接不上数据库，无法保存或读取。没有任何更改；请稍后重试。'
};
