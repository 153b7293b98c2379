/**
 * Accounts against the real server: signing in with the browser form and with the token API,
 * session fixation, signing out, password changes, login throttling, cross-site writes, the
 * admin API, private reads and the first administrator.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_ADMIN_PASSWORD, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, point } from './api-client';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(() => server?.stop());

const COOKIE = 'sanimap_session';

/** Signs in through the login page's form, as a browser without JavaScript would; returns the session cookie's value. */
async function formLogin(username: string, password: string, cookie?: string): Promise<{ status: number; cookie: string | null; location: string | null; setCookie: string }> {
	const res = await fetch(`${server.url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			// A browser's form post (without it, SvelteKit answers as to an enhanced form, in JSON).
			accept: 'text/html',
			origin: server.url,
			...(cookie ? { cookie: `${COOKIE}=${cookie}` } : {})
		},
		body: new URLSearchParams({ username, password }).toString()
	});
	await res.arrayBuffer();
	const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`)) ?? '';
	const value = /^sanimap_session=([^;]*)/.exec(setCookie)?.[1] ?? null;
	return { status: res.status, cookie: value || null, location: res.headers.get('location'), setCookie };
}

/** A request as the browser makes it from our own page: the cookie plus our Origin. */
const asBrowser = (cookie: string, init: RequestInit & { headers?: Record<string, string> } = {}) => ({
	...init,
	headers: { cookie: `${COOKIE}=${cookie}`, origin: server.url, ...init.headers }
});

const me = async (init: RequestInit) => (await (await fetch(`${server.url}/api/auth/me`, init)).json()).user;

describe('signing in', () => {
	it('the form sets an httpOnly, SameSite=Lax session cookie and goes back to where the user was', async () => {
		const res = await formLogin('admin', TEST_ADMIN_PASSWORD);
		expect(res.status).toBe(303);
		expect(res.location).toBe('/');
		expect(res.setCookie).toMatch(/HttpOnly/i);
		expect(res.setCookie).toMatch(/SameSite=Lax/i);
		expect(res.setCookie).toMatch(/Path=\//);
		expect(await me(asBrowser(res.cookie!))).toMatchObject({ username: 'admin', role: 'admin' });
	});

	it('the token API returns a bearer token that the API accepts', async () => {
		const res = await apiClient(server.url).post('/api/auth/login', { username: 'ADMIN', password: TEST_ADMIN_PASSWORD });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { username: 'admin', role: 'admin' } });
		expect(res.headers.get('set-cookie')).toBeNull();
		const created = await apiClient(server.url, res.body.token).post('/api/collections/bins/items', { geometry: point(116.3, 40) });
		expect(created.status).toBe(201);
		expect(created.body.updatedBy).toBe('admin');
	});

	it('gives the same answer for a wrong password and an unknown user', async () => {
		const client = apiClient(server.url);
		const wrong = await client.post('/api/auth/login', { username: 'admin', password: 'not-the-password' });
		const unknown = await client.post('/api/auth/login', { username: 'nobody-here', password: 'not-the-password' });
		expectApiError(wrong, 401, 'login.failed');
		expectApiError(unknown, 401, 'login.failed');
		expect(unknown.body.message).toBe(wrong.body.message);
		expectApiError(await client.post('/api/auth/login', { username: 'admin' }), 400, 'login.invalid');
	});

	it('a rejected form login stays on the page without a cookie', async () => {
		const res = await formLogin('admin', 'wrong password here');
		expect(res.status).toBe(401);
		expect(res.cookie).toBeNull();
	});

	it('never follows a next= to another site', async () => {
		const res = await fetch(`${server.url}/login?next=${encodeURIComponent('//evil.example/x')}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
			body: new URLSearchParams({ username: 'admin', password: TEST_ADMIN_PASSWORD }).toString()
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/');
	});
});

describe('sessions', () => {
	it('session fixation: signing in gives a new session id and ends the one the browser had', async () => {
		const first = (await formLogin('admin', TEST_ADMIN_PASSWORD)).cookie!;
		const second = await formLogin('admin', TEST_ADMIN_PASSWORD, first);
		expect(second.cookie).toBeTruthy();
		expect(second.cookie).not.toBe(first);
		expect(await me(asBrowser(first))).toBeNull();
		expect(await me(asBrowser(second.cookie!))).toMatchObject({ username: 'admin' });
	});

	it('session fixation: a session id planted in the browser is never adopted', async () => {
		const planted = 'attacker-chosen-session-value-0123456789';
		const res = await formLogin('admin', TEST_ADMIN_PASSWORD, planted);
		expect(res.cookie).not.toBe(planted);
		expect(await me(asBrowser(planted))).toBeNull();
	});

	it('logging out ends the session on the server, not just in the browser', async () => {
		const cookie = (await formLogin('admin', TEST_ADMIN_PASSWORD)).cookie!;
		const out = await fetch(`${server.url}/logout`, { ...asBrowser(cookie, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } }), redirect: 'manual', body: '' });
		expect(out.status).toBe(303);
		expect(out.headers.getSetCookie().join()).toMatch(/sanimap_session=;/);
		// The old cookie, replayed, is worth nothing.
		expect(await me(asBrowser(cookie))).toBeNull();
		const write = await fetch(`${server.url}/api/collections/bins/items`, asBrowser(cookie, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ geometry: point(116.3, 40) }) }));
		expect(write.status).toBe(401);
	});

	it('logging out a token ends it', async () => {
		const token = await server.login();
		const client = apiClient(server.url, token);
		expect((await client.post('/api/auth/logout', '')).body).toEqual({ loggedOut: true });
		expectApiError(await client.get('/api/collections'), 401, 'auth.invalid-token');
	});

	it('an unknown bearer token is refused, not treated as anonymous', async () => {
		expectApiError(await apiClient(server.url, 'made-up-token').get('/api/collections'), 401, 'auth.invalid-token');
	});

	it('changing your password ends your other sessions and keeps this one', async () => {
		const user = await server.createUser('li', 'field', 'li-first-password');
		const otherToken = await server.login('li', 'li-first-password');
		const otherCookie = (await formLogin('li', 'li-first-password')).cookie!;
		const client = apiClient(server.url, user.token);
		expectApiError(await client.post('/api/auth/password', { currentPassword: 'wrong-password', newPassword: 'li-second-password' }), 403, 'password.wrong');
		expectApiError(await client.post('/api/auth/password', { currentPassword: 'li-first-password', newPassword: 'short' }), 400, 'user.invalid');
		expect((await client.post('/api/auth/password', { currentPassword: 'li-first-password', newPassword: 'li-second-password' })).status).toBe(200);
		expect(await me({ headers: { authorization: `Bearer ${user.token}` } })).toMatchObject({ username: 'li' });
		expectApiError(await apiClient(server.url, otherToken).get('/api/auth/me'), 401, 'auth.invalid-token');
		expect(await me(asBrowser(otherCookie))).toBeNull();
		await expect(server.login('li', 'li-first-password')).rejects.toThrow(/401/);
		expect(await server.login('li', 'li-second-password')).toBeTruthy();
	});
});

describe('the account page', () => {
	/** Posts the password form of /account as a browser without JavaScript would; returns the status and the page. */
	async function changeOnPage(cookie: string, fields: Record<string, string>) {
		const res = await fetch(`${server.url}/account?/password`, {
			...asBrowser(cookie, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } }),
			redirect: 'manual',
			body: new URLSearchParams(fields).toString()
		});
		return { status: res.status, html: await res.text() };
	}

	it('sends an anonymous visitor to sign in first', async () => {
		const res = await fetch(`${server.url}/account`, { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/login?next=%2Faccount');
	});

	it('changes your password from the form, keeps this browser signed in and signs out every other session', async () => {
		const user = await server.createUser('qian', 'viewer', 'qian-first-password');
		const here = (await formLogin('qian', 'qian-first-password')).cookie!;
		const otherBrowser = (await formLogin('qian', 'qian-first-password')).cookie!;
		const page = await fetch(`${server.url}/account`, asBrowser(here));
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Change your password');

		// Refusals change nothing and say why.
		const wrong = await changeOnPage(here, { currentPassword: 'not-my-password', newPassword: 'qian-second-password', confirmPassword: 'qian-second-password' });
		expect(wrong.status).toBe(403);
		expect(wrong.html).toContain('Your current password is not right; nothing was changed.');
		const mismatch = await changeOnPage(here, { currentPassword: 'qian-first-password', newPassword: 'qian-second-password', confirmPassword: 'qian-second-passwort' });
		expect(mismatch.status).toBe(400);
		expect(mismatch.html).toContain('The two new passwords differ; nothing was changed.');
		const short = await changeOnPage(here, { currentPassword: 'qian-first-password', newPassword: 'short', confirmPassword: 'short' });
		expect(short.status).toBe(400);
		expect(short.html).toContain('The new password needs at least 8 characters.');
		expect(await me(asBrowser(otherBrowser))).toMatchObject({ username: 'qian' });
		expect(await me({ headers: { authorization: `Bearer ${user.token}` } })).toMatchObject({ username: 'qian' });

		const done = await changeOnPage(here, { currentPassword: 'qian-first-password', newPassword: 'qian-second-password', confirmPassword: 'qian-second-password' });
		expect(done.status).toBe(200);
		expect(done.html).toContain('Your password was changed.');
		// This browser stays signed in; the other browser and the API token are signed out.
		expect(await me(asBrowser(here))).toMatchObject({ username: 'qian' });
		expect(await me(asBrowser(otherBrowser))).toBeNull();
		expectApiError(await apiClient(server.url, user.token).get('/api/auth/me'), 401, 'auth.invalid-token');
		await expect(server.login('qian', 'qian-first-password')).rejects.toThrow(/401/);
		expect(await server.login('qian', 'qian-second-password')).toBeTruthy();
	});

	it('refuses the form from another site', async () => {
		const cookie = (await formLogin('admin', TEST_ADMIN_PASSWORD)).cookie!;
		const res = await fetch(`${server.url}/account?/password`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie: `${COOKIE}=${cookie}`, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ currentPassword: TEST_ADMIN_PASSWORD, newPassword: 'mallory-password-1', confirmPassword: 'mallory-password-1' }).toString()
		});
		expect(res.status).toBe(403);
		expect(await server.login('admin', TEST_ADMIN_PASSWORD)).toBeTruthy();
	});
});

describe('login throttling', () => {
	it('answers 429 with Retry-After after 10 wrong passwords for one user from one address, even for the right one', async () => {
		const user = await server.createUser('zhao', 'viewer');
		const client = apiClient(server.url);
		for (let i = 0; i < 10; i++) expectApiError(await client.post('/api/auth/login', { username: 'zhao', password: `guess-${i}-wrong` }), 401, 'login.failed');
		const limited = await client.post('/api/auth/login', { username: 'zhao', password: user.password });
		expectApiError(limited, 429, 'login.rate-limited');
		const retryAfter = Number(limited.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(14 * 60);
		expect(retryAfter).toBeLessThanOrEqual(15 * 60);
		// The form is throttled too; another user is not.
		expect((await formLogin('zhao', user.password)).status).toBe(429);
		expect(await server.login()).toBeTruthy();
	});
});

describe('cross-site writes', () => {
	let cookie: string;
	beforeAll(async () => {
		cookie = (await formLogin('admin', TEST_ADMIN_PASSWORD)).cookie!;
	});

	const body = JSON.stringify({ type: 'Feature', geometry: point(116.31, 40.01) });
	const crossSite = (headers: Record<string, string>, method = 'POST') =>
		fetch(`${server.url}/api/collections/bins/items`, { method, headers: { cookie: `${COOKIE}=${cookie}`, origin: 'https://evil.example', ...headers }, body });

	it.each([
		['application/json', { 'content-type': 'application/json' }],
		['text/plain', { 'content-type': 'text/plain' }],
		['upper-case TEXT/PLAIN', { 'content-type': 'TEXT/PLAIN;charset=UTF-8' }],
		['form-encoded', { 'content-type': 'application/x-www-form-urlencoded' }],
		['no Content-Type', {}]
	])('refuses a cookie write from another site sent as %s, in the API error format', async (_name, headers) => {
		const before = (await apiClient(server.url).get('/api/collections/bins/items?limit=1')).body.numberMatched;
		const res = await crossSite(headers as Record<string, string>);
		expect(res.status).toBe(403);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		expect((await res.json()).code).toBe('csrf');
		expect((await apiClient(server.url).get('/api/collections/bins/items?limit=1')).body.numberMatched).toBe(before);
	});

	it('refuses a cross-site DELETE and a write the browser marks cross-site without an Origin', async () => {
		const bin = await apiClient(server.url, await server.login()).create('bins', point(116.32, 40.02));
		const del = await fetch(`${server.url}/api/collections/bins/items/${bin.id}`, { method: 'DELETE', headers: { cookie: `${COOKIE}=${cookie}`, origin: 'https://evil.example', 'if-match': '"1"' } });
		expect(del.status).toBe(403);
		const noOrigin = await fetch(`${server.url}/api/collections/bins/items`, { method: 'POST', headers: { cookie: `${COOKIE}=${cookie}`, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' }, body });
		expect(noOrigin.status).toBe(403);
		const bare = await fetch(`${server.url}/api/collections/bins/items`, { method: 'POST', headers: { cookie: `${COOKIE}=${cookie}`, 'content-type': 'application/json' }, body });
		expect(bare.status).toBe(403);
	});

	it('refuses a cross-site login form (login CSRF)', async () => {
		const res = await fetch(`${server.url}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
			body: new URLSearchParams({ username: 'admin', password: TEST_ADMIN_PASSWORD }).toString()
		});
		expect(res.status).toBe(403);
		expect(res.headers.getSetCookie()).toEqual([]);
	});

	it('accepts the same write from our own pages', async () => {
		const res = await fetch(`${server.url}/api/collections/bins/items`, asBrowser(cookie, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
		expect(res.status).toBe(201);
		expect((await res.json()).updatedBy).toBe('admin');
	});

	it('accepts a Bearer-token write whatever its Origin, as API clients send', async () => {
		const res = await fetch(`${server.url}/api/collections/bins/items`, {
			method: 'POST',
			headers: { authorization: `Bearer ${await server.login()}`, origin: 'https://qgis.example', 'content-type': 'application/json' },
			body
		});
		expect(res.status).toBe(201);
	});
});

describe('the admin API', () => {
	it('adds a user, and refuses a bad or duplicate one with coded issues', async () => {
		const admin = apiClient(server.url, await server.login());
		const res = await admin.post('/api/auth/users', { username: 'Chen.Planner', displayName: '陈规划', role: 'planner', password: 'chen-password' });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ username: 'chen.planner', displayName: '陈规划', role: 'planner', disabled: false });
		expect(JSON.stringify(res.body)).not.toMatch(/hash|chen-password/i);
		expectApiError(await admin.post('/api/auth/users', { username: 'chen.planner', role: 'planner', password: 'chen-password' }), 409, 'username.taken');
		const bad = await admin.post('/api/auth/users', { username: 'x', role: 'boss', password: 'short' });
		expectApiError(bad, 400, 'user.invalid');
		expect(bad.body.details.issues.map((i: { code: string }) => i.code).sort()).toEqual(['password.too-short', 'role.invalid', 'username.invalid']);
	});

	it('a role change takes effect on the next request of an existing session', async () => {
		const user = await server.createUser('sun', 'field');
		const client = apiClient(server.url, user.token);
		expect((await client.post('/api/collections/bins/items', { geometry: point(116.3, 40) })).status).toBe(201);
		const admin = apiClient(server.url, await server.login());
		expect((await admin.patch('/api/auth/users/sun', { role: 'viewer' })).body.role).toBe('viewer');
		expectApiError(await client.post('/api/collections/bins/items', { geometry: point(116.3, 40) }), 403, 'auth.forbidden');
	});

	it('a password reset and disabling a user end their sessions', async () => {
		const a = await server.createUser('zhou', 'field');
		const admin = apiClient(server.url, await server.login());
		expect((await admin.patch('/api/auth/users/zhou', { password: 'zhou-new-password' })).status).toBe(200);
		expectApiError(await apiClient(server.url, a.token).get('/api/auth/me'), 401, 'auth.invalid-token');
		const token = await server.login('zhou', 'zhou-new-password');
		expect((await admin.patch('/api/auth/users/zhou', { disabled: true })).body.disabled).toBe(true);
		expectApiError(await apiClient(server.url, token).get('/api/auth/me'), 401, 'auth.invalid-token');
		await expect(server.login('zhou', 'zhou-new-password')).rejects.toThrow(/401/);
	});

	it('keeps at least one active administrator', async () => {
		const admin = apiClient(server.url, await server.login());
		expectApiError(await admin.patch('/api/auth/users/admin', { role: 'planner' }), 409, 'user.last-admin');
		expectApiError(await admin.patch('/api/auth/users/admin', { disabled: true }), 409, 'user.last-admin');
		expectApiError(await admin.patch('/api/auth/users/nobody', { role: 'planner' }), 404, 'user.not-found');
	});
});

describe('changesets record who made them', () => {
	it('the author is the signed-in username in the changeset and the feature history', async () => {
		const user = await server.createUser('wu', 'field');
		const client = apiClient(server.url, user.token);
		const bin = await client.create('bins', point(116.33, 40.03));
		expect((await client.get(`/api/changesets/${bin.changesetId}`)).body.author).toBe('wu');
		expect((await client.get(`/api/collections/bins/items/${bin.id}/history`)).body.versions[0].author).toBe('wu');
		expect((await client.get('/api/changesets?author=wu')).body.changesets).toHaveLength(1);
		// And the account's id, not only its name.
		const db = new Database(server.dbPath, { readonly: true });
		try {
			const row = db.prepare('SELECT c.user_id AS userId, u.username FROM changesets c JOIN users u ON u.id = c.user_id WHERE c.id = ?').get(bin.changesetId);
			expect(row).toEqual({ userId: expect.any(Number), username: 'wu' });
		} finally {
			db.close();
		}
	});
});

describe('private reads and the first administrator', () => {
	it('SANIMAP_PUBLIC_READ=false: reads need a session, the login page stays open', async () => {
		const closed = await startServer({ env: { SANIMAP_PUBLIC_READ: 'false' } });
		try {
			expectApiError(await apiClient(closed.url).get('/api/collections'), 401, 'auth.required');
			const page = await fetch(`${closed.url}/`, { redirect: 'manual' });
			expect(page.status).toBe(303);
			expect(page.headers.get('location')).toBe('/login?next=%2F');
			expect((await fetch(`${closed.url}/login`)).status).toBe(200);
			const viewer = await closed.createUser('reader', 'viewer');
			expect((await apiClient(closed.url, viewer.token).get('/api/collections')).status).toBe(200);
		} finally {
			await closed.stop();
		}
	});

	it('without SANIMAP_ADMIN_PASSWORD, generates the first password and prints it once', async () => {
		const fresh = await startServer({ env: { SANIMAP_ADMIN_PASSWORD: '' } });
		try {
			const printed = /administrator "admin" with the password (\S+) /.exec(fresh.output())?.[1];
			expect(printed).toHaveLength(24);
			expect(await fresh.login('admin', printed!)).toBeTruthy();
			await expect(fresh.login('admin', TEST_ADMIN_PASSWORD)).rejects.toThrow(/401/);
		} finally {
			await fresh.stop();
		}
	});
});
