/**
 * The two ends of a move as the user names them (a SQLite file path, `sqlite:…`, `file:…`, or a
 * `postgres://` URL), opened with the stores' own open functions so each is at the current schema.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { classifyDatabaseUrl, maskUrlPassword } from '../../settings/database-url.js';
import { openDatabase } from '../index';
import { openPostgres, PostgresSetupError } from '../postgres';
import { PgTransferStore } from './postgres-store';
import { SqliteTransferStore } from './sqlite-store';
import { TransferError, type TransferStore } from './store';
import type { StoreTarget } from '../../store/target';

/** Either end of a move: a store as the server opens it. */
export type Endpoint = StoreTarget;

export function parseEndpoint(raw: string, cwd = process.cwd()): Endpoint {
	const target = classifyDatabaseUrl(raw, cwd);
	if (target.store === 'unknown') throw new TransferError(`${maskUrlPassword(raw)} is a ${target.scheme}:// URL; give a SQLite file path or a postgres:// URL.`);
	return target.store === 'postgres' ? { store: 'postgres', url: target.url } : { store: 'sqlite', path: resolve(target.path) };
}

export { describeTarget as describeEndpoint } from '../../store/target';

/** Whether two ends name one database: the same file, or the same server, port and database. */
export function sameDatabase(a: Endpoint, b: Endpoint): boolean {
	if (a.store === 'sqlite' && b.store === 'sqlite') {
		const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
		return real(a.path) === real(b.path);
	}
	if (a.store === 'postgres' && b.store === 'postgres') {
		const key = (raw: string) => {
			const url = new URL(raw);
			const host = (url.hostname || 'localhost').toLowerCase().replace(/^127\.0\.0\.1$|^\[::1\]$/, 'localhost');
			return `${host}:${url.port || '5432'}/${decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres'}`;
		};
		return key(a.url) === key(b.url);
	}
	return false;
}

/**
 * Opens one end. A source file must exist (openDatabase would make an empty one); both are
 * migrated to the current schema, as the server does when it starts on them.
 */
export async function openEndpoint(endpoint: Endpoint, role: 'source' | 'target'): Promise<TransferStore> {
	if (endpoint.store === 'sqlite') {
		if (role === 'source' && !existsSync(endpoint.path)) throw new TransferError(`There is no database at ${endpoint.path}.`);
		if (existsSync(endpoint.path) && statSync(endpoint.path).isDirectory()) throw new TransferError(`${endpoint.path} is a folder; give the database file.`);
		try {
			return new SqliteTransferStore(openDatabase(endpoint.path), endpoint.path);
		} catch (e) {
			throw new TransferError(`Cannot open the SQLite database ${endpoint.path}: ${(e as Error).message}`);
		}
	}
	const label = maskUrlPassword(endpoint.url);
	try {
		return new PgTransferStore(await openPostgres(endpoint.url, { max: 2 }), label);
	} catch (e) {
		if (e instanceof PostgresSetupError) throw new TransferError(`${label}: ${e.message}`);
		const code = (e as { code?: string }).code;
		const why = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' ? 'no PostgreSQL server answers there' : (e as Error).message || code || String(e);
		throw new TransferError(`Cannot reach the PostgreSQL database ${label}: ${why}.`);
	}
}
