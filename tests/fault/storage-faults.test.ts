/**
 * Fault injection at the OS boundary: the real server runs with faultfs preloaded, which makes
 * writes to the database file fail as a full disk (ENOSPC → SQLITE_FULL) or a failing one
 * (EIO → SQLITE_IOERR); a second process holding the write lock past the server's busy timeout
 * gives SQLITE_BUSY. For each kind of write the caller must get a 503 storage.unavailable with
 * Retry-After and a readable message, nothing may be stored (API and file unchanged, integrity ok),
 * reads must go on being answered during the fault, and the same write must succeed once it clears.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient, type ApiResponse } from '../api/api-client';
import { startServer, type RunningServer } from '../helpers/server';
import { expectStorageUnavailable, STORE_WRITES } from './store-writes';
import { buildFaultFs, type FaultFs } from './faultfs';

const dir = mkdtempSync(join(tmpdir(), 'sanimap-fault-'));
const dbPath = join(dir, 'faulty.db');
let faults: FaultFs;
let server: RunningServer;
let admin: ApiClient;
let anonymous: ApiClient;

beforeAll(async () => {
	faults = buildFaultFs(dir, dbPath);
	server = await startServer({ dbPath, env: { ...faults.env, SANIMAP_BUSY_TIMEOUT_MS: '200' } });
	admin = apiClient(server.url, await server.login());
	anonymous = apiClient(server.url);
});

afterAll(async () => {
	faults?.set('none');
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

type Fault = 'enospc' | 'eio' | 'busy';

/** Turns a fault on; returns the function that clears it. */
function inject(fault: Fault): () => void {
	if (fault !== 'busy') {
		faults.set(fault);
		return () => faults.set('none');
	}
	// Another process (this one) holds the write lock, as a long backup or a CLI import would.
	const holder = new Database(dbPath);
	holder.exec('BEGIN IMMEDIATE');
	return () => {
		holder.exec('ROLLBACK');
		holder.close();
	};
}

/** Everything stored, read straight from the file: every row of every table but sessions. */
function fileContents(): Record<string, unknown[]> {
	const db = new Database(dbPath, { readonly: true, fileMustExist: true });
	try {
		const tables = ['features', 'changesets', 'feature_versions', 'users', 'settings', 'photos'];
		return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
	} finally {
		db.close();
	}
}

function integrity(): string {
	const db = new Database(dbPath, { readonly: true, fileMustExist: true });
	try {
		return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
	} finally {
		db.close();
	}
}

const REASONS: Record<Fault, string> = { enospc: 'full', eio: 'io', busy: 'busy' };
const expectUnavailable = (res: ApiResponse, fault: Fault) => expectStorageUnavailable(res, REASONS[fault], fault);

/** Signs in through the login page's form, as a browser without JavaScript does. */
function formLogin(username: string, password: string): Promise<Response> {
	return fetch(`${server.url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
		body: new URLSearchParams({ username, password }).toString()
	});
}

/** Makes every session of `username` due for its "last seen" write (it is written at most once a minute). */
function backdateSessions(username: string): string {
	const db = new Database(dbPath);
	try {
		const longAgo = new Date(Date.now() - 10 * 60_000).toISOString();
		db.prepare('UPDATE sessions SET last_seen_at = ? WHERE user_id = (SELECT id FROM users WHERE username = ?)').run(longAgo, username);
		return longAgo;
	} finally {
		db.close();
	}
}

function lastSeen(username: string): string[] {
	const db = new Database(dbPath, { readonly: true });
	try {
		return db.prepare('SELECT last_seen_at FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?) ORDER BY id').pluck().all(username) as string[];
	} finally {
		db.close();
	}
}

/** What the server logged since `mark()` was called (its output keeps only a tail, so find where the mark's end is now). */
function logSince(): () => string {
	const before = server.output();
	const tail = before.slice(-2000);
	return () => {
		const now = server.output();
		const at = tail ? now.lastIndexOf(tail) : -1;
		return at >= 0 ? now.slice(at + tail.length) : now;
	};
}

/**
 * Reading is no write, but a signed-in request also records when its session was last used. That
 * bookkeeping must not turn a plain read into an error while the disk is full: reads of the API and
 * of the map page are answered as usual (signed in), the failure is logged once, and the session's
 * use is recorded again once the fault clears. What does need a write (signing in) gets a 503 with
 * a message a person understands, on the page as in the API.
 */
describe.each(['enospc', 'eio', 'busy'] as Fault[])('signed in while the disk is %s', (fault) => {
	it('reads the API and the map page, signing in says why it cannot, and all catches up after', async () => {
		const user = await server.createUser(`reader-${fault}`, 'field');
		const signedIn = await formLogin(user.username, user.password);
		expect(signedIn.status).toBe(303);
		const cookie = /^sanimap_session=[^;]+/.exec(signedIn.headers.getSetCookie().find((c) => c.startsWith('sanimap_session='))!)![0];
		const reader = apiClient(server.url, user.token);
		const before = backdateSessions(user.username);
		const logged = logSince();

		const clear = inject(fault);
		try {
			for (let i = 0; i < 2; i++) {
				const items = await reader.get('/api/collections/bins/items?limit=5');
				expect(items.status, items.text).toBe(200);
				const me = await reader.get('/api/auth/me');
				expect(me.status, me.text).toBe(200);
				expect(me.body.user.username).toBe(user.username);
				const map = await fetch(`${server.url}/`, { headers: { cookie, accept: 'text/html' } });
				const html = await map.text();
				expect(map.status, html.slice(0, 500)).toBe(200);
				// Rendered for the signed-in user, not as anonymous.
				expect(html).toContain(`"${user.username}"`);
			}
			// Signing in needs a write: a 503 on the form with the reason, never a 500.
			const login = await formLogin(user.username, user.password);
			const page = await login.text();
			expect(login.status, page.slice(0, 500)).toBe(503);
			expect(page).toMatch(/storage\.unavailable/);
			expect(page).toMatch(/Nothing was changed/);
			expect(page).not.toMatch(/Internal error|SQLITE/);
			const apiLogin = await anonymous.post('/api/auth/login', { username: user.username, password: user.password });
			expectUnavailable(apiLogin, fault);
			// A page action with no handling of its own (signing out deletes the session): the error
			// page says the server is temporarily unavailable, with a 503 and Retry-After.
			const logout = await fetch(`${server.url}/logout`, {
				method: 'POST',
				redirect: 'manual',
				headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				body: ''
			});
			const logoutPage = await logout.text();
			expect(logout.status, logoutPage.slice(0, 500)).toBe(503);
			expect(Number(logout.headers.get('retry-after'))).toBeGreaterThan(0);
			expect(logoutPage).toContain('Temporarily unavailable');
			expect(logoutPage).toMatch(/storage\.unavailable/);
			expect(logoutPage).not.toMatch(/Internal error|SQLITE/);
		} finally {
			clear();
		}
		// Nothing recorded during the fault, one line in the log for it (not one per request), and no request failed.
		expect(lastSeen(user.username)).toEqual([before, before]);
		expect(logged().split('could not record session use').length - 1, logged()).toBe(1);
		expect(logged()).not.toMatch(/ failed:/);

		// Once it clears, the next request records the session's use again, and signing in works.
		expect((await reader.get('/api/collections/bins/items?limit=5')).status).toBe(200);
		expect((await fetch(`${server.url}/`, { headers: { cookie } })).status).toBe(200);
		expect(lastSeen(user.username).every((t) => t > before)).toBe(true);
		expect((await formLogin(user.username, user.password)).status).toBe(303);
		expect(integrity()).toBe('ok');
	});
});

describe.each(['enospc', 'eio', 'busy'] as Fault[])('with the disk %s', (fault) => {
	it.each(STORE_WRITES.map((w) => [w.name, w] as const))('%s: 503, nothing stored, reads served, succeeds after', async (_name, write) => {
		const { send, ok } = await write.prepare({ admin, server });
		const beforeApi = await anonymous.snapshot();
		const beforeFile = fileContents();

		const clear = inject(fault);
		let res: ApiResponse;
		try {
			res = await send();
			// Reads go on during the fault: the map, a feature, the history.
			const items = await anonymous.get('/api/collections/bins/items?limit=5');
			expect(items.status, items.text).toBe(200);
			const changesets = await admin.get('/api/changesets?limit=5');
			expect(changesets.status, changesets.text).toBe(200);
		} finally {
			clear();
		}
		expectUnavailable(res, fault);

		expect(integrity()).toBe('ok');
		expect(fileContents()).toEqual(beforeFile);
		expect(await anonymous.snapshot()).toEqual(beforeApi);

		const retry = await send();
		expect(retry.status, retry.text).toBe(ok);
		expect(integrity()).toBe('ok');
	});
});
