/**
 * The sign-in redirect stays on the site, in a real Chromium: `next` targets that a browser would
 * read as another host (`/<TAB>/evil.example`, `//evil.example`, `/\evil.example`) land on the
 * map, after signing in through the form and for a user already signed in; a `next` with CR/LF or
 * non-Latin-1 text is the map too, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, type RunningServer } from '../helpers/server';
import { launchBrowser, type Browser } from '../helpers/browser';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
	// Should a redirect leave the site, the foreign page is answered here (there is no network) and seen.
	await browser.context.route((url) => url.hostname === 'evil.example', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil</h1>' }));
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const HOSTILE_NEXT = ['/\t/evil.example', '//evil.example', '/\\evil.example', '/\n/evil.example', 'https://evil.example/'];

describe('next after signing in', () => {
	it.each(HOSTILE_NEXT)('next=%j: the form signs in and stays on the site', async (next) => {
		const page = await browser.context.newPage();
		await browser.context.clearCookies();
		await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('form[data-testid="login-form"][data-ready="true"]', { timeout: 30_000 });
		await page.fill('input[name="username"]', TEST_ADMIN_USERNAME);
		await page.fill('input[name="password"]', TEST_ADMIN_PASSWORD);
		await page.click('form[data-testid="login-form"] button[type="submit"]');
		await page.waitForURL((url) => url.pathname !== '/login', { waitUntil: 'commit', timeout: 30_000 });
		await page.waitForLoadState('domcontentloaded');
		expect(new URL(page.url()).origin).toBe(server.url);
		expect(new URL(page.url()).pathname).toBe('/');
		await page.close();
	});

	it.each(HOSTILE_NEXT)('next=%j: a user already signed in is sent to the map, not away', async (next) => {
		const page = await browser.context.newPage();
		// Signed in from the test before (the cookie stays in the context).
		await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`, { waitUntil: 'domcontentloaded' });
		expect(new URL(page.url()).origin).toBe(server.url);
		expect(new URL(page.url()).pathname).toBe('/');
		await page.close();
	});

	it('keeps a path of the site as the target', async () => {
		const page = await browser.context.newPage();
		await page.goto(`${server.url}/login?next=${encodeURIComponent('/report?from=2026-01-01&to=2026-02-01')}`, { waitUntil: 'domcontentloaded' });
		expect(page.url()).toBe(`${server.url}/report?from=2026-01-01&to=2026-02-01`);
		await page.close();
	});

	it.each(['/a\r\nSet-Cookie: x=1', '/报告', '/\u2028x'])('next=%j is answered 303 to the map, not 500', async (next) => {
		const cookie = (await browser.context.cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ');
		const res = await fetch(`${server.url}/login?next=${encodeURIComponent(next)}`, { headers: { cookie }, redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/');
	});
});
