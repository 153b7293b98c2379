/**
 * The map page in a real Chromium against the real server and a real SQLite file: every layer
 * renders, an attribute edit survives a reload and can be undone, hostile names stay text, a
 * stale edit shows the conflict choice, and the page works at phone width and in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, TEST_ADMIN_PASSWORD, type RunningServer } from '../helpers/server';
import { clickFeature, launchBrowser, loginInBrowser, openMap, renderedCounts, screenshot, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, COLLECTIONS } from '../api/api-client';

let server: RunningServer;
let browser: Browser;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
	server = await startServer({ seed: true });
	api = apiClient(server.url, await server.login());
	browser = await launchBrowser();
	// Editing needs a signed-in user: the browser's session cookie then serves every page of this context.
	const page = await browser.context.newPage();
	await loginInBrowser(page, server.url, 'admin', TEST_ADMIN_PASSWORD);
	await page.close();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
	const page = await browser.context.newPage();
	const errors = watchErrors(page);
	return { page, errors };
}

/** Selects a point feature by clicking it on the map; returns the card's title. */
async function select(page: Page, coordinates: [number, number], expectedTitle: string) {
	await clickFeature(page, coordinates);
	const title = page.getByTestId('feature-title');
	await title.waitFor();
	expect(await title.textContent()).toBe(expectedTitle);
}

describe('the map page', () => {
	it('draws every layer of the demo community and reaches idle', async () => {
		const { page, errors } = await newPage();
		await openMap(page, server.url);
		const counts = await renderedCounts(page);
		for (const collection of COLLECTIONS) expect(counts[collection], collection).toBeGreaterThan(0);
		// The layer panel shows the stored counts.
		const stored = (await api.get('/api/collections/bins/items?limit=1')).body.numberMatched;
		expect(await page.getByTestId('count-bins').textContent()).toBe(String(stored));
		await expect(page.locator('.maplibregl-ctrl-attrib').textContent()).resolves.toContain('OpenStreetMap contributors');
		await screenshot(page, 'map-demo.png');
		expect(errors.filter((e) => !e.includes('GPU stall'))).toEqual([]);
		await page.close();
	});

	it('edits a bin through the form, keeps it after a reload, and undoes it', async () => {
		const bin = await api.create('bins', { type: 'Point', coordinates: [116.3525, 40.0046] }, { name: 'Test bin east gate', capacityL: 120 });
		const { page } = await newPage();
		await openMap(page, server.url);
		await select(page, [116.3525, 40.0046], 'Test bin east gate');
		await page.getByRole('button', { name: 'Edit' }).click();
		await page.locator('input[name="capacityL"]').fill('240');
		await page.locator('select[name="status"]').selectOption('damaged');
		await page.getByRole('button', { name: 'Save' }).click();
		await expect.poll(async () => (await api.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL).toBe(240);

		await page.reload();
		await openMap(page, server.url);
		await select(page, [116.3525, 40.0046], 'Test bin east gate');
		expect(await page.locator('dd[data-field="capacityL"]').textContent()).toBe('240 L');
		expect(await page.locator('dd[data-field="status"]').textContent()).toBe('Damaged');

		await page.getByTestId('undo').click();
		await expect.poll(async () => (await api.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL).toBe(120);
		await expect.poll(() => page.locator('dd[data-field="capacityL"]').textContent()).toBe('120 L');
		const stored = (await api.get(`/api/collections/bins/items/${bin.id}`)).body;
		expect(stored.properties.status).toBe('installed');
		expect(stored.version).toBe(3);

		await page.getByTestId('redo').click();
		await expect.poll(async () => (await api.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL).toBe(240);
		await page.close();
	});

	it('renders a hostile name as text and runs none of it', async () => {
		const name = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
		await api.create('bins', { type: 'Point', coordinates: [116.3532, 40.0051] }, { name });
		const { page } = await newPage();
		await openMap(page, server.url);
		await page.getByRole('searchbox').fill('onerror');
		await page.getByRole('button', { name: /onerror/ }).click();
		const title = page.getByTestId('feature-title');
		await title.waitFor();
		expect(await title.textContent()).toBe(name);
		expect(await page.locator('[data-testid="feature-card"] img, [data-testid="feature-card"] script').count()).toBe(0);
		expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
		await page.close();
	});

	it('shows both versions when someone else saved first, and keeps the chosen one', async () => {
		const bin = await api.create('bins', { type: 'Point', coordinates: [116.3539, 40.0057] }, { name: 'Contested bin', capacityL: 100 });
		const { page } = await newPage();
		await openMap(page, server.url);
		await select(page, [116.3539, 40.0057], 'Contested bin');
		await page.getByRole('button', { name: 'Edit' }).click();
		await page.locator('input[name="capacityL"]').fill('300');
		// Someone else edits the same bin in the meantime.
		const theirs = await api.patch(`/api/collections/bins/items/${bin.id}`, { properties: { capacityL: 500 } }, { 'if-match': '"1"' });
		expect(theirs.status).toBe(200);
		await page.getByRole('button', { name: 'Save' }).click();
		const dialog = page.getByTestId('conflict-dialog');
		await dialog.locator('td[data-side="mine"]').waitFor();
		expect(await dialog.locator('td[data-side="mine"]').textContent()).toBe('300 L');
		expect(await dialog.locator('td[data-side="theirs"]').textContent()).toBe('500 L');
		// Nothing was overwritten while the user decides.
		expect((await api.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL).toBe(500);
		await dialog.getByRole('button', { name: 'Save mine over theirs' }).click();
		await expect.poll(async () => (await api.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL).toBe(300);
		const history = (await api.get(`/api/collections/bins/items/${bin.id}/history`)).body.versions.map((v: { properties: { capacityL: number } }) => v.properties.capacityL);
		expect(history).toEqual([100, 500, 300]);
		await page.close();
	});

	it('adds a bin where the user clicks, deletes it, and brings it back with undo', async () => {
		const before = (await api.get('/api/collections/bins/items?limit=1')).body.numberMatched;
		const { page } = await newPage();
		await openMap(page, server.url);
		await page.getByRole('button', { name: '+ Add' }).click();
		await page.getByRole('menuitem', { name: 'Bins' }).click();
		const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
		await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
		await page.getByTestId('feature-card').waitFor();
		await expect.poll(async () => (await api.get('/api/collections/bins/items?limit=1')).body.numberMatched).toBe(before + 1);
		expect(await page.getByTestId('count-bins').textContent()).toBe(String(before + 1));

		page.once('dialog', (d) => d.accept());
		await page.getByRole('button', { name: 'Delete' }).click();
		await expect.poll(async () => (await api.get('/api/collections/bins/items?limit=1')).body.numberMatched).toBe(before);
		await page.getByTestId('undo').click();
		await expect.poll(async () => (await api.get('/api/collections/bins/items?limit=1')).body.numberMatched).toBe(before + 1);
		await page.close();
	});

	it('works at phone width and in Chinese', async () => {
		const phone = await launchBrowser({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', isMobile: true });
		try {
			const page = await phone.context.newPage();
			await openMap(page, server.url);
			// The browser's language picks Chinese.
			expect(await page.locator('h1').textContent()).toContain('创卫工作地图');
			// The layer panel is behind the menu button on a phone.
			await page.getByRole('button', { name: '图层' }).click();
			await expect.poll(() => page.locator('#layers-title').isVisible()).toBe(true);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
			await page.locator('aside.side').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
			await screenshot(page, 'map-phone-zh.png');
			// One row of tools on the phone; the pages, the language and the account behind "more".
			await page.getByRole('button', { name: '图层' }).click();
			expect(await page.locator('header.toolbar').evaluate((h) => h.getBoundingClientRect().height)).toBeLessThan(60);
			expect(await page.getByTestId('lang').isVisible()).toBe(false);
			await page.getByTestId('more').click();
			expect(await page.getByTestId('ranking-link').isVisible()).toBe(true);
			// Switch to English and back.
			await page.getByTestId('lang').click();
			expect(await page.locator('#layers-title').textContent()).toBe('Layers');
		} finally {
			await phone.close();
		}
	});
});
