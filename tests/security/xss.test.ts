/**
 * Script payloads in everything people type or import — asset names and descriptions, a zone
 * name, an imported file — must show as text in the map's feature card and search, in the report
 * and its tables, and in every export, and run nowhere. Checked in Chromium against the real
 * server, with its Content-Security-Policy on: the pages must also work under that policy (no
 * violation reported while the map and the report load). The server's clock is pinned
 * (SANIMAP_NOW), so the report's period around it holds the renamed zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiClient, point, type ApiClient } from '../api/api-client';
import { importFile } from '../api/import-helpers';
import { launchBrowser, openMap, watchErrors, type Browser } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { startSafetyServer } from '../safety/support';

const NAME = '<img src=x onerror="window.__xss=1">bin';
const DESCRIPTION = '<script>window.__xss=2</script>desc';
const ZONE = '"><svg onload="window.__xss=3">zone';
const IMPORTED = "<iframe src=\"javascript:window.parent.__xss=4\"></iframe>shop";

const NOW = '2026-11-25T10:00:00+08:00';
/** The day of NOW in the project's zone, as the report's period: it holds the edits made here. */
const TODAY = 'from=2026-11-25&to=2026-11-26';

let server: RunningServer;
let admin: ApiClient;
let browser: Browser;

beforeAll(async () => {
	server = await startSafetyServer({ seed: true, env: { SANIMAP_NOW: NOW } });
	admin = apiClient(server.url, await server.login());
	await admin.create('bins', point(116.3532, 40.0051), { name: NAME, description: DESCRIPTION });
	const zones = await admin.get('/api/collections/zones/items?limit=1');
	const zone = zones.body.features[0];
	const renamed = await admin.patch(`/api/collections/zones/items/${zone.id}`, { properties: { name: ZONE } }, { 'if-match': `"${zone.version}"` });
	expect(renamed.status, renamed.text).toBe(200);
	const file = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: point(116.3534, 40.0053), properties: { name: IMPORTED, category: 'food' } }] };
	await importFile(admin, JSON.stringify(file), 'shops.geojson', { collection: 'shops' });
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** Fails the test on any script that ran, any dialog, and any CSP violation the page reports. */
async function guardedPage(): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
	const page = await browser.context.newPage();
	const errors = watchErrors(page);
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	return { page, errors, dialogs };
}

async function expectInert(page: Page, errors: string[], dialogs: string[]) {
	expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
	expect(dialogs).toEqual([]);
	expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
}

describe('script payloads render as text', () => {
	it('in the map: search results and the feature card', { timeout: 240_000 }, async () => {
		const { page, errors, dialogs } = await guardedPage();
		await openMap(page, server.url);
		for (const [query, text] of [['onerror', NAME], ['iframe', IMPORTED]] as const) {
			await page.getByRole('searchbox').fill(query);
			await page.getByRole('button', { name: new RegExp(query) }).first().click();
			const title = page.getByTestId('feature-title');
			await expect.poll(() => title.textContent()).toBe(text);
		}
		const card = page.locator('[data-testid="feature-card"]');
		expect(await card.locator('img, script, iframe, svg[onload]').count()).toBe(0);
		await expectInert(page, errors, dialogs);
		await page.close();
	});

	it('in the report and its tables', { timeout: 240_000 }, async () => {
		const { page, errors, dialogs } = await guardedPage();
		await page.goto(`${server.url}/report?${TODAY}`, { waitUntil: 'domcontentloaded' });
		await page.getByText(ZONE).first().waitFor({ timeout: 60_000 });
		expect(await page.locator('svg[onload], img[onerror], iframe').count()).toBe(0);
		await expectInert(page, errors, dialogs);
		await page.close();
	});
});

describe('exports keep payloads as data', () => {
	it('escapes them in KML, keeps them as JSON strings in GeoJSON, and never serves an export as a page', async () => {
		const kml = await admin.get('/api/collections/bins/export?format=kml');
		expect(kml.status).toBe(200);
		expect(kml.text).not.toContain('<img src=x');
		expect(kml.text).toMatch(/&lt;img src=x|<!\[CDATA\[<img src=x/);
		const geojson = await admin.get('/api/collections/bins/export?format=geojson');
		expect(JSON.stringify(geojson.body)).toContain(JSON.stringify(NAME).slice(1, -1));
		for (const format of ['kml', 'geojson', 'csv']) {
			const res = await fetch(`${server.url}/api/collections/shops/export?format=${format}`);
			await res.arrayBuffer();
			expect(res.headers.get('content-type'), format).not.toMatch(/html/);
			expect(res.headers.get('x-content-type-options'), format).toBe('nosniff');
		}
		const csv = await fetch(`${server.url}/api/reports/csv?table=scorecard&from=2026-10-26&to=2026-11-26`);
		expect(csv.headers.get('content-type')).not.toMatch(/html/);
		expect(await csv.text()).toContain('svg onload');
	});
});
