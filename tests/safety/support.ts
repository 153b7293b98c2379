/**
 * Shared by the crash, fault, concurrency and backup suites: a server with a known administrator,
 * a client that signs in when the server has accounts, and a read-only look at the database file.
 */
import Database from 'better-sqlite3';
import { startServer, type RunningServer, type StartServerOptions } from '../helpers/server';
import { apiClient, type ApiClient } from '../api/api-client';
import { checkDatabase, type DatabaseCheck } from '../../src/lib/server/db/backup';

/** Meets any password policy: long, mixed, not a dictionary word. */
export const ADMIN_PASSWORD = 'Safety-suite-Admin-7429';

export function startSafetyServer(options: StartServerOptions = {}): Promise<RunningServer> {
	return startServer({ ...options, env: { SANIMAP_ADMIN_PASSWORD: ADMIN_PASSWORD, ...options.env } });
}

/**
 * The headers a write needs: a Bearer token of the administrator when the server has accounts
 * (`POST /api/auth/login`), none when it has not.
 */
export async function writeHeaders(url: string): Promise<Record<string, string>> {
	const res = await fetch(`${url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD })
	});
	const text = await res.text();
	if (res.status === 404 || res.status === 405) return {};
	if (!res.ok) throw new Error(`Could not sign in as admin: ${res.status} ${text}`);
	const body = JSON.parse(text) as Record<string, unknown>;
	const token = [body.token, body.secret, (body.session as Record<string, unknown> | undefined)?.token].find((t) => typeof t === 'string');
	if (!token) throw new Error(`The login answer has no token: ${text}`);
	return { authorization: `Bearer ${token}` };
}

/** An API client whose writes are signed in (see writeHeaders). */
export async function writerClient(url: string): Promise<ApiClient & { auth: Record<string, string> }> {
	const auth = await writeHeaders(url);
	const base = apiClient(url);
	return {
		...base,
		auth,
		send: (method, path, init = {}) => base.send(method, path, { ...init, headers: { ...auth, ...init.headers } }),
		get: (path, headers) => base.get(path, { ...auth, ...headers }),
		post: (path, body, headers = {}) => base.post(path, body, { ...auth, ...headers }),
		patch: (path, body, headers = {}) => base.patch(path, body, { ...auth, ...headers }),
		del: (path, headers = {}) => base.del(path, { ...auth, ...headers }),
		async create(collection, geometry, properties) {
			const res = await base.post(`/api/collections/${collection}/items`, { type: 'Feature', geometry, ...(properties ? { properties } : {}) }, auth);
			if (res.status !== 201) throw new Error(`create refused: ${res.status} ${res.text}`);
			return res.body;
		}
	};
}

/** SQLite's and sanimap's own checks on the file, as the restore command runs them. */
export function checkFile(dbPath: string): DatabaseCheck {
	return checkDatabase(dbPath);
}

/** Runs `fn` on the file opened read-only, and closes it. */
export function withReadOnlyDb<T>(dbPath: string, fn: (db: Database.Database) => T): T {
	const db = new Database(dbPath, { readonly: true, fileMustExist: true });
	try {
		return fn(db);
	} finally {
		db.close();
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
