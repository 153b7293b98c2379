/**
 * Response headers that limit what injected content could do: a Content-Security-Policy on every
 * page (scripts only from the app, with SvelteKit's nonce or hash; no plugins; no framing),
 * `X-Content-Type-Options: nosniff` and a `Referrer-Policy` on every answer, and the online basemap's origin allowed exactly
 * when one is configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../helpers/server';
import { startSafetyServer } from '../safety/support';

let server: RunningServer;
let withBasemap: RunningServer;

beforeAll(async () => {
	[server, withBasemap] = await Promise.all([
		startSafetyServer(),
		startSafetyServer({ env: { SANIMAP_BASEMAP_URL: 'https://{s}.tile.example.org/{z}/{x}/{y}.png' } })
	]);
});
afterAll(() => Promise.all([server?.stop(), withBasemap?.stop()]));

function directives(policy: string): Map<string, string[]> {
	return new Map(
		policy
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([name, ...values]) => [name, values])
	);
}

async function policyOf(url: string): Promise<Map<string, string[]>> {
	const res = await fetch(url, { redirect: 'manual' });
	await res.arrayBuffer();
	const header = res.headers.get('content-security-policy');
	expect(header, `${url} (${res.status}) has no Content-Security-Policy`).toBeTruthy();
	return directives(header!);
}

describe('Content-Security-Policy', () => {
	it.each(['/', '/login', '/report', '/?test'])('is strict on %s', async (path) => {
		const csp = await policyOf(server.url + path);
		const script = csp.get('script-src')!;
		expect(script).toContain("'self'");
		expect(script.some((s) => /^'(nonce|sha256)-/.test(s)), script.join(' ')).toBe(true);
		expect(script).not.toContain("'unsafe-inline'");
		expect(script).not.toContain("'unsafe-eval'");
		expect(script.some((s) => s === '*' || s === 'data:' || s === 'blob:' || /^https?:$/.test(s))).toBe(false);
		expect(csp.get('default-src')).toEqual(["'self'"]);
		expect(csp.get('object-src')).toEqual(["'none'"]);
		expect(csp.get('base-uri')).toEqual(["'self'"]);
		expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
		// What MapLibre needs, and no more.
		expect(csp.get('worker-src')).toEqual(expect.arrayContaining(["'self'", 'blob:']));
		expect(csp.get('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:']));
		expect(csp.get('connect-src')).toEqual(["'self'"]);
	});

	it('allows the configured online basemap for tiles, and nothing else from it', async () => {
		const csp = await policyOf(withBasemap.url + '/');
		expect(csp.get('connect-src')).toEqual(["'self'", 'https://*.tile.example.org']);
		expect(csp.get('img-src')).toContain('https://*.tile.example.org');
		expect(csp.get('script-src')!.join(' ')).not.toContain('example.org');
	});

	it('changes the nonce on every response', async () => {
		const nonce = async () => (await policyOf(server.url + '/')).get('script-src')!.find((s) => s.startsWith("'nonce-"));
		const [a, b] = [await nonce(), await nonce()];
		expect(a).toBeTruthy();
		expect(a).not.toBe(b);
	});
});

describe('nosniff and Referrer-Policy', () => {
	it.each(['/api', '/api/collections', '/api/collections/bins/items', '/api/changesets', '/api/does-not-exist', '/', '/report', '/login', '/does-not-exist', '/field', '/account'])(
		'are set on %s (pages, API, errors and redirects alike)',
		async (path) => {
			const res = await fetch(server.url + path, { redirect: 'manual' });
			await res.arrayBuffer();
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		}
	);
});
