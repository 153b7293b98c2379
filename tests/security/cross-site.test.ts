/**
 * Cross-site request forgery and CORS on the real server. A signed-in browser carries the session
 * cookie on any request a foreign page makes, so every write that comes from another origin must
 * be refused, whatever its Content-Type (a page can send form types and text/plain without a CORS
 * preflight), and nothing may be stored. Reads carry no CORS grant: another origin cannot read
 * the answers in a browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, expectApiError, point, type ApiClient } from '../api/api-client';
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, type RunningServer } from '../helpers/server';
import { startSafetyServer } from '../safety/support';

const EVIL = 'https://evil.example';
let server: RunningServer;
let cookie: string;
let admin: ApiClient;
let binId: number;
let changesetId: number;

/** Signs in through the login form, as a browser does, and returns the session cookie. */
async function browserSession(url: string): Promise<string> {
	const res = await fetch(`${url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
		body: new URLSearchParams({ username: TEST_ADMIN_USERNAME, password: TEST_ADMIN_PASSWORD })
	});
	const set = res.headers.getSetCookie().find((c) => c.startsWith('sanimap_session='));
	if (!set) throw new Error(`The login form set no session cookie: ${res.status} ${await res.text()}`);
	return set.split(';')[0];
}

beforeAll(async () => {
	server = await startSafetyServer();
	cookie = await browserSession(server.url);
	admin = apiClient(server.url, await server.login());
	const bin = await admin.create('bins', point(116.31, 40.01), { name: 'target' });
	binId = bin.id;
	changesetId = bin.changesetId!;
});

afterAll(() => server?.stop());

const feature = JSON.stringify({ type: 'Feature', geometry: point(116.32, 40.02), properties: { name: 'forged' } });

/** Writes a foreign page could make with the victim's cookie: method, path, Content-Type, body. */
const FORGED: [string, string, string | null, string | undefined][] = [
	['POST', '/api/collections/bins/items', 'application/json', feature],
	['POST', '/api/collections/bins/items', 'APPLICATION/JSON', feature],
	['POST', '/api/collections/bins/items', 'text/plain', feature],
	['POST', '/api/collections/bins/items', 'text/plain;charset=UTF-8', feature],
	['POST', '/api/collections/bins/items', 'TEXT/PLAIN', feature],
	['POST', '/api/collections/bins/items', 'application/x-www-form-urlencoded', 'geometry=x'],
	['POST', '/api/collections/bins/items', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n'],
	['POST', '/api/collections/bins/items', null, feature],
	['PATCH', '/api/collections/bins/items/{id}', 'application/merge-patch+json', '{"properties":{"name":"forged"},"version":1}'],
	['PATCH', '/api/collections/bins/items/{id}', 'text/plain', '{"properties":{"name":"forged"},"version":1}'],
	['DELETE', '/api/collections/bins/items/{id}', null, undefined],
	['POST', '/api/changesets/{cs}/revert', null, undefined],
	['POST', '/api/changesets/{cs}/revert', 'text/plain', ''],
	['PUT', '/api/rules', 'text/plain', '{}'],
	['POST', '/api/auth/users', 'text/plain', '{"username":"mallory","role":"admin","password":"mallory-password-1"}'],
	['POST', '/api/auth/password', 'text/plain', '{"currentPassword":"x","newPassword":"mallory-password-1"}'],
	['POST', '/api/import?filename=bins.geojson&collection=bins', 'text/plain', '{"type":"FeatureCollection","features":[]}'],
	['POST', '/api/photos', 'image/png', 'x']
];

const path = (p: string) => p.replace('{id}', String(binId)).replace('{cs}', String(changesetId));

async function forge(method: string, p: string, contentType: string | null, body: string | undefined, headers: Record<string, string>) {
	const h: Record<string, string> = { cookie, ...headers };
	if (contentType !== null) h['content-type'] = contentType;
	const res = await fetch(server.url + path(p), { method, headers: h, body });
	const text = await res.text();
	return { status: res.status, text, headers: res.headers, body: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
}

describe('cross-origin writes with the session cookie', () => {
	it.each(FORGED)('%s %s as %s from another origin: 403, nothing stored', async (method, p, contentType, body) => {
		const before = await admin.snapshot();
		const res = await forge(method, p, contentType, body, { origin: EVIL });
		expectApiError(res, 403, 'csrf');
		expect(res.body.message).toMatch(/evil\.example/);
		expect(await admin.snapshot()).toEqual(before);
	});

	it.each([
		['Origin: null (sandboxed frame, data: URL)', { origin: 'null' }],
		['a look-alike origin', { origin: `${'http://127.0.0.1.evil.example'}` }],
		['no Origin, Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
		['no Origin, Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
		['neither Origin nor Sec-Fetch-Site', {}]
	])('refuses a cookie write with %s', async (_what, headers) => {
		const before = await admin.snapshot();
		const res = await forge('POST', '/api/collections/bins/items', 'text/plain', feature, headers as Record<string, string>);
		expectApiError(res, 403, 'csrf');
		expect(await admin.snapshot()).toEqual(before);
	});

	it.each(['Bearer a b', 'Bearer ', 'Bearer not-a-token', 'bearer\tx y'])('refuses a cookie write from another origin that carries Authorization: %s (only a token that signs in is exempt)', async (authorization) => {
		const before = await admin.snapshot();
		const res = await forge('POST', '/api/collections/bins/items', 'application/json', feature, { origin: EVIL, authorization });
		expectApiError(res, 403, 'csrf');
		expect(await admin.snapshot()).toEqual(before);
	});

	it('accepts the same write from the app’s own origin (the cookie is valid)', async () => {
		const res = await forge('POST', '/api/collections/bins/items', 'application/json', feature, { origin: server.url });
		expect(res.status, res.text).toBe(201);
	});

	it('refuses the login form posted from another origin (login CSRF)', async () => {
		const res = await fetch(`${server.url}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: EVIL },
			body: new URLSearchParams({ username: TEST_ADMIN_USERNAME, password: TEST_ADMIN_PASSWORD })
		});
		expect(res.status).toBe(403);
		expect(res.headers.getSetCookie().some((c) => c.startsWith('sanimap_session='))).toBe(false);
	});

	it('sets the session cookie HttpOnly and SameSite', async () => {
		const res = await fetch(`${server.url}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
			body: new URLSearchParams({ username: TEST_ADMIN_USERNAME, password: TEST_ADMIN_PASSWORD })
		});
		const set = res.headers.getSetCookie().find((c) => c.startsWith('sanimap_session='))!;
		expect(set).toMatch(/HttpOnly/i);
		expect(set).toMatch(/SameSite=(Lax|Strict)/i);
	});
});

describe('CORS', () => {
	it('grants no other origin the right to read answers', async () => {
		for (const p of ['/api/collections', '/api/collections/bins/items', `/api/collections/bins/items/${binId}`, '/api/changesets', '/api/auth/me']) {
			const res = await fetch(server.url + p, { headers: { origin: EVIL, cookie } });
			await res.arrayBuffer();
			expect(res.headers.get('access-control-allow-origin'), p).toBeNull();
			expect(res.headers.get('access-control-allow-credentials'), p).toBeNull();
		}
	});

	it('answers a preflight without granting the write', async () => {
		const res = await fetch(`${server.url}/api/collections/bins/items`, {
			method: 'OPTIONS',
			headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' }
		});
		await res.arrayBuffer();
		expect(res.headers.get('access-control-allow-origin')).toBeNull();
		expect(res.headers.get('access-control-allow-methods')).toBeNull();
	});
});
