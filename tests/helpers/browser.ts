/**
 * Headless Chromium (Debian's, never a downloaded one) driven by playwright-core against the real
 * server, and helpers to wait for the map and to click on features where they are drawn.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, INSTALL_HINT } from '../../src/lib/server/chromium.js';
import { appRoot } from './server';

export const ARTIFACTS_DIR = join(appRoot, 'test-results');

export interface Browser {
	context: BrowserContext;
	close(): Promise<void>;
}

/**
 * The zone the browser runs in: not the project's (Asia/Shanghai) and eight to nine hours behind UTC
 * where the project is eight ahead, so a page that cut a period or showed a date by the device's
 * zone instead of the server's would show the wrong day and fail the tests.
 */
export const BROWSER_TIME_ZONE = 'America/Los_Angeles';

export async function launchBrowser(options: { viewport?: { width: number; height: number }; locale?: string; isMobile?: boolean } = {}): Promise<Browser> {
	const executablePath = chromiumPath();
	if (!executablePath) throw new Error(INSTALL_HINT);
	const profile = mkdtempSync(join(tmpdir(), 'sanimap-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		viewport: options.viewport ?? { width: 1280, height: 800 },
		locale: options.locale ?? 'en-US',
		timezoneId: BROWSER_TIME_ZONE,
		isMobile: options.isMobile,
		hasTouch: options.isMobile,
		args: CHROMIUM_ARGS
	});
	return {
		context,
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
	};
}

/** Collects page errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => {
		// A failed request's message does not name the request; its location does.
		if (m.type() === 'error') errors.push(m.location().url ? `${m.text()} (${m.location().url})` : m.text());
	});
	return errors;
}

/** Opens the map page and waits until every layer is loaded and the map is idle. */
export async function openMap(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/?test`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
	await waitForIdle(page);
}

export async function waitForIdle(page: Page): Promise<void> {
	await page.evaluate(
		() =>
			new Promise<void>((resolve) => {
				const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
				map.once('idle', () => resolve());
				map.triggerRepaint();
			})
	);
}

/** Rendered feature counts per kind source, from queryRenderedFeatures. */
export async function renderedCounts(page: Page): Promise<Record<string, number>> {
	return page.evaluate(() => {
		const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
		const counts: Record<string, Set<unknown>> = {};
		for (const f of map.queryRenderedFeatures()) {
			const source = String(f.source);
			if (!source.startsWith('kind-')) continue;
			(counts[source.slice(5)] ??= new Set()).add(f.id);
		}
		return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.size]));
	});
}

/** Where a map coordinate is on the page. */
export async function screenPoint(page: Page, coordinates: [number, number]): Promise<{ x: number; y: number }> {
	return page.evaluate((c) => {
		const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
		const p = map.project(c);
		const rect = map.getCanvas().getBoundingClientRect();
		return { x: rect.left + p.x, y: rect.top + p.y };
	}, coordinates);
}

/** Taps (clicks) the map where a coordinate is drawn, as the map is now. */
export async function tapMap(page: Page, coordinates: [number, number]): Promise<void> {
	const p = await screenPoint(page, coordinates);
	await page.mouse.click(p.x, p.y);
}

/** Clicks the map where a point feature is drawn (centring it first so it is on screen). */
export async function clickFeature(page: Page, coordinates: [number, number]): Promise<void> {
	await page.evaluate(async (c) => {
		const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
		map.jumpTo({ center: c, zoom: 18 });
		await new Promise<void>((r) => {
			map.once('idle', () => r());
			map.triggerRepaint();
		});
	}, coordinates);
	await tapMap(page, coordinates);
}

/** Opens field mode and waits until every layer is loaded and the map is idle. */
export async function openFieldMode(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/field?test`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
	await waitForIdle(page);
}

export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	const path = join(ARTIFACTS_DIR, name);
	await page.screenshot({ path });
	return path;
}

/**
 * Signs the browser in through the real login page (the form, its action and the session
 * cookie), waiting until it has left the login page. Throws with the page's message when refused.
 */
export async function loginInBrowser(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
	await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
	// The form is enhanced once the page has hydrated; it also works before (a plain form post).
	await page.waitForSelector('form[data-testid="login-form"][data-ready="true"]', { timeout: 30_000 });
	await page.fill('input[name="username"]', username);
	await page.fill('input[name="password"]', password);
	// Both waits settle (one of them by timing out later), so neither leaves an unhandled rejection.
	const left = page.waitForURL((url) => url.pathname !== '/login', { waitUntil: 'commit', timeout: 30_000 }).then(
		() => ({ refused: null }),
		(e: Error) => ({ refused: `it never left the login page (${e.message})` })
	);
	const refused = page.waitForSelector('[data-testid="login-error"]', { timeout: 30_000 }).then(
		async (el) => ({ refused: (await el.textContent()) ?? 'error' }),
		() => new Promise<never>(() => {})
	);
	await page.click('form[data-testid="login-form"] button[type="submit"]');
	const { refused: message } = await Promise.race([left, refused]);
	if (message !== null) throw new Error(`Login as ${username} was refused: ${message}`);
}
