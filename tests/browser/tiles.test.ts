/**
 * Tiled layers in a real Chromium: with the tile threshold at 50, the demo's big layers come as
 * vector tiles (never downloaded whole), still render and select, and an edit shows at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_ADMIN_PASSWORD, type RunningServer } from '../helpers/server';
import { clickFeature, launchBrowser, loginInBrowser, openMap, renderedCounts, watchErrors, waitForIdle, type Browser } from '../helpers/browser';
import { apiClient } from '../api/api-client';

let server: RunningServer;
let browser: Browser;
let api: ReturnType<typeof apiClient>;
let tiled: string[];

beforeAll(async () => {
	server = await startServer({ seed: true, env: { SANIMAP_TILE_THRESHOLD: '50' } });
	api = apiClient(server.url, await server.login());
	tiled = (await api.get('/api/tiles')).body.layers.filter((l: { tiled: boolean }) => l.tiled).map((l: { collection: string }) => l.collection);
	browser = await launchBrowser();
	const page = await browser.context.newPage();
	await loginInBrowser(page, server.url, 'admin', TEST_ADMIN_PASSWORD);
	await page.close();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('tiled layers on the map page', () => {
	it('draws the big layers from tiles without downloading them whole', async () => {
		expect(tiled).toContain('bins');
		expect(tiled).toContain('road-segments');
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		const requested: string[] = [];
		page.on('request', (r) => requested.push(new URL(r.url()).pathname));
		await openMap(page, server.url);
		const counts = await renderedCounts(page);
		for (const collection of tiled) expect(counts[collection], collection).toBeGreaterThan(0);
		for (const collection of tiled) {
			expect(requested.some((p) => p.startsWith(`/api/tiles/${collection}/`)), collection).toBe(true);
			expect(requested.some((p) => p === `/api/collections/${collection}/items`), collection).toBe(false);
		}
		// The layer panel shows the stored count, not just what the page holds.
		const stored = (await api.get('/api/collections/bins/items?limit=1')).body.numberMatched;
		expect(await page.getByTestId('count-bins').textContent()).toBe(String(stored));
		expect(errors.filter((e) => !e.includes('GPU stall'))).toEqual([]);
		await page.close();
	});

	it('opens a tiled feature by clicking it and shows an edit at once, without reloading the layer', async () => {
		const bin = await api.create('bins', { type: 'Point', coordinates: [116.3525, 40.0046] }, { name: 'Tiled bin east gate' });
		const page = await browser.context.newPage();
		await openMap(page, server.url);
		await clickFeature(page, [116.3525, 40.0046]);
		await page.getByTestId('feature-title').waitFor();
		expect(await page.getByTestId('feature-title').textContent()).toBe('Tiled bin east gate');

		// Someone else moves it; this page moves it too through the editor and sees its own edit at once.
		const requested: string[] = [];
		page.on('request', (r) => requested.push(new URL(r.url()).pathname));
		await page.evaluate(() => (window as unknown as { __sanimap: { editor: { moveTo(g: unknown): Promise<boolean> } } }).__sanimap.editor.moveTo({ type: 'Point', coordinates: [116.3527, 40.0047] }));
		await waitForIdle(page);
		const drawn = await page.evaluate((id) => {
			const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
			return map
				.queryRenderedFeatures()
				.filter((f) => String(f.source).startsWith('kind-bins') && f.id === id)
				.map((f) => ({ source: String(f.source), coordinates: (f.geometry as { coordinates: number[] }).coordinates }));
		}, bin.id);
		// Drawn once, by the edits overlay, at the new place; the tile's copy is hidden.
		expect(drawn).toHaveLength(1);
		expect(drawn[0].source).toBe('kind-bins-edits');
		expect(drawn[0].coordinates[0]).toBeCloseTo(116.3527, 5);
		expect(requested.filter((p) => p.startsWith('/api/collections/bins/items') && !p.endsWith(`/${bin.id}`))).toEqual([]);
		expect((await api.get(`/api/collections/bins/items/${bin.id}`)).body.geometry.coordinates).toEqual([116.3527, 40.0047]);
		await page.close();
	});

	it('draws every layer whole with ?naive, the baseline of the map benchmark', async () => {
		const page = await browser.context.newPage();
		const requested: string[] = [];
		page.on('request', (r) => requested.push(new URL(r.url()).pathname));
		await page.goto(`${server.url}/?test&naive`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForIdle(page);
		expect(requested.some((p) => p.startsWith('/api/tiles/bins/'))).toBe(false);
		expect(requested).toContain('/api/collections/bins/items');
		expect((await renderedCounts(page)).bins).toBeGreaterThan(0);
		await page.close();
	});
});
