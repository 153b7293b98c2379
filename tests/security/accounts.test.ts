/**
 * Password checks are throttled, and the last administrator cannot be lost. Changing one's own
 * password checks the current one under the sign-in throttle (so a stolen token cannot be turned
 * into the password), sign-in has a ceiling per address across usernames (login names are public
 * through changesets), and two administrators demoting themselves at the same moment (each also
 * setting a password, which takes a while to hash) leave one administrator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../api/api-client';
import { fetchFrom } from '../helpers/from-address';
import { loginAt, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server?.stop());

/** Signs in through the login form and returns the session cookie. */
async function formSession(username: string, password: string): Promise<string> {
	const res = await fetch(`${server.url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
		body: new URLSearchParams({ username, password })
	});
	const set = res.headers.getSetCookie().find((c) => c.startsWith('sanimap_session='));
	if (!set) throw new Error(`No session for ${username}: ${res.status}`);
	return set.split(';')[0];
}

describe('changing one\'s own password', () => {
	it('is throttled like sign-in: after 10 wrong current passwords even the right one is refused with 429 and Retry-After, on the API and the form', async () => {
		const user = await server.createUser('li', 'field', 'li-password-1');
		const client = apiClient(server.url, user.token);
		for (let i = 0; i < 10; i++) {
			const res = await client.post('/api/auth/password', { currentPassword: `guess-${i}`, newPassword: 'li-password-2' });
			expect(res.status, res.text).toBe(403);
			expect(res.body.code).toBe('password.wrong');
		}
		const right = await client.post('/api/auth/password', { currentPassword: 'li-password-1', newPassword: 'li-password-2' });
		expect(right.status, right.text).toBe(429);
		expect(right.body.code).toBe('password.rate-limited');
		expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(60);
		// The form at /account shares the throttle.
		const cookie = await formSession('li', 'li-password-1');
		const form = await fetch(`${server.url}/account?/password`, {
			method: 'POST',
			headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-sveltekit-action': 'true' },
			body: new URLSearchParams({ currentPassword: 'li-password-1', newPassword: 'li-password-2', confirmPassword: 'li-password-2' })
		});
		expect(await form.text()).toContain('password.rate-limited');
		// Nothing changed: the old password still signs in.
		await expect(loginAt(server.url, 'li', 'li-password-1')).resolves.toBeTruthy();
	});
});

describe('signing in', () => {
	it('refuses an address with 429 after 30 wrong passwords across usernames, also for a right password, while other addresses sign in', async () => {
		const from = '127.0.0.9';
		const tryLogin = (username: string, password: string) =>
			fetchFrom(from, `${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
		await server.createUser('zhao', 'viewer', 'zhao-password-1');
		// Three wrong passwords at each of ten accounts: under the per-user limit of ten every time.
		for (let i = 0; i < 30; i++) expect((await tryLogin(`user${i % 10}`, `guess-${i}`)).status).toBe(401);
		const refused = await tryLogin('zhao', 'zhao-password-1');
		expect(refused.status).toBe(429);
		expect(JSON.parse(refused.body.toString())).toMatchObject({ code: 'login.rate-limited', details: { scope: 'address' } });
		expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
		expect((await fetchFrom('127.0.0.10', `${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'zhao', password: 'zhao-password-1' }) })).status).toBe(200);
	});
});

describe('the last administrator', () => {
	it('survives two administrators demoting themselves at the same moment while each also sets a password', { timeout: 120_000 }, async () => {
		// Each round: the one administrator left makes a second, and both demote themselves at once.
		let current = { username: 'admin', token: await server.login() };
		for (let round = 0; round < 5; round++) {
			const username = `boss${round}`;
			const created = await apiClient(server.url, current.token).post('/api/auth/users', { username, role: 'admin', password: `${username}-password-1` });
			expect(created.status, created.text).toBe(201);
			const second = { username, token: await loginAt(server.url, username, `${username}-password-1`) };
			const pair = [current, second];
			const answers = await Promise.all(pair.map((u) => apiClient(server.url, u.token).patch(`/api/auth/users/${u.username}`, { role: 'planner', password: `${u.username}-new-password` })));
			expect(answers.map((r) => r.status).sort(), answers.map((r) => r.text).join('\n')).toEqual([200, 409]);
			const kept = answers.findIndex((r) => r.status === 409);
			expect(answers[kept].body.code).toBe('user.last-admin');
			current = pair[kept];
			const users = (await apiClient(server.url, current.token).get('/api/auth/users')).body.users as { role: string; disabled: boolean }[];
			expect(users.filter((u) => u.role === 'admin' && !u.disabled), `round ${round}`).toHaveLength(1);
		}
	});
});
