/**
 * MapLibre's own controls follow the page's language: the zoom buttons' titles, the scale bar's
 * unit and the map's name for screen readers change with a switch after the map was built, and
 * back again, without a reload. Debian's Chromium against the real server with the demo data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { launchBrowser, openMap, waitForIdle, watchErrors, type Browser } from '../helpers/browser';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer({ seed: true });
	browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe("the map's controls", () => {
	it('speak the language chosen after the map was built', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await openMap(page, server.url);
		const zoomIn = page.locator('.maplibregl-ctrl-zoom-in');
		const scale = page.locator('.maplibregl-ctrl-scale');
		const canvas = page.locator('canvas.maplibregl-canvas');
		expect(await zoomIn.getAttribute('title')).toBe('Zoom in');
		expect(await scale.textContent()).toMatch(/^\d+\s?(m|km)$/);
		expect(await canvas.getAttribute('aria-label')).toBe('Map');

		await page.getByTestId('lang').click();
		await expect.poll(() => zoomIn.getAttribute('title')).toBe('放大');
		expect(await page.locator('.maplibregl-ctrl-zoom-out').getAttribute('title')).toBe('缩小');
		await waitForIdle(page);
		expect(await scale.textContent()).toMatch(/^\d+\s?(米|公里)$/);
		expect(await canvas.getAttribute('aria-label')).toBe('地图');
		// One set of controls, not one per switch.
		expect(await page.locator('.maplibregl-ctrl-zoom-in').count()).toBe(1);
		expect(await page.locator('.maplibregl-ctrl-attrib').count()).toBe(1);
		expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('OpenStreetMap');

		await page.getByTestId('lang').click();
		await expect.poll(() => zoomIn.getAttribute('title')).toBe('Zoom in');
		await waitForIdle(page);
		expect(await scale.textContent()).toMatch(/^\d+\s?(m|km)$/);
		expect(errors).toEqual([]);
		await page.close();
	}, 120_000);
});
