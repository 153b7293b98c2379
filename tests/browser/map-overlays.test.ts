/**
 * The map draws what the user asked for: each tab's overlays only while that tab is open, the
 * hotspot overlays only while the hotspot layer is ticked, and one period (or week) for the
 * heatmap, the case points and the Cases list alike. Real Chromium, the real server, the demo
 * community with the clock pinned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server';
import { launchBrowser, openMap, waitForIdle, watchErrors, type Browser } from '../helpers/browser';

let server: RunningServer;
let browser: Browser;

const NOW = '2026-11-28T09:00:00+08:00';
const HOTSPOT_OVERLAYS = ['hotspot-heatmap', 'hotspot-overdue-ring', 'hotspot-choropleth'];
const PLANNING_OVERLAYS = ['planning-zone-coverage', 'planning-uncovered-fill', 'planning-gaps-line'];
const SLOW = 240_000;

beforeAll(async () => {
	server = await startServer({ seed: true, env: { SANIMAP_NOW: NOW } });
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** For each layer id: undefined when the map does not have it, else its visibility. */
function overlays(page: Page, ids: string[]): Promise<Record<string, string | undefined>> {
	return page.evaluate((ids) => {
		const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
		return Object.fromEntries(ids.map((id) => [id, map.getLayer(id) ? String(map.getLayoutProperty(id, 'visibility') ?? 'visible') : undefined]));
	}, ids);
}

/** The case ids the hotspot points layer lets through (its `['in', ['id'], …]` filter), or null without one. */
function pointIdsShown(page: Page): Promise<number[] | null> {
	return page.evaluate(() => {
		const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
		const text = JSON.stringify(map.getFilter('hotspots-points') ?? null);
		const m = /\["in",\["id"\],\["literal",\[([\d,]*)\]\]\]/.exec(text);
		return m ? (m[1] ? m[1].split(',').map(Number) : []) : null;
	});
}

const casesInList = async (page: Page) => Number(/\((\d+)\)/.exec((await page.locator('#cases-title').textContent()) ?? '')?.[1]);

describe('what the map draws', () => {
	it('draws each tab’s overlays on that tab only, and the hotspot ones only with the hotspot layer ticked', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await openMap(page, server.url);
		const none = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, undefined]));

		// The Layers tab: the layers and nothing of the other tabs.
		expect(await overlays(page, [...HOTSPOT_OVERLAYS, ...PLANNING_OVERLAYS])).toEqual(none([...HOTSPOT_OVERLAYS, ...PLANNING_OVERLAYS]));

		await page.getByRole('tab', { name: 'Hotspots' }).click();
		await page.getByTestId('hotspot-panel').waitFor();
		await waitForIdle(page);
		const onHotspots = await overlays(page, [...HOTSPOT_OVERLAYS, ...PLANNING_OVERLAYS]);
		expect(onHotspots['hotspot-heatmap']).toBe('visible');
		expect(onHotspots['hotspot-overdue-ring']).toBe('visible');
		expect(Object.values(await overlays(page, PLANNING_OVERLAYS))).toEqual(PLANNING_OVERLAYS.map(() => undefined));

		// Planning: its zone coverage, and no hotspot overlay over it.
		await page.getByRole('tab', { name: 'Planning' }).click();
		await page.getByTestId('planning-coverage-pct').waitFor();
		await waitForIdle(page);
		expect(await overlays(page, HOTSPOT_OVERLAYS)).toEqual(none(HOTSPOT_OVERLAYS));
		expect((await overlays(page, PLANNING_OVERLAYS))['planning-zone-coverage']).toBe('visible');

		// The hotspot layer unticked: back on the Hotspots tab its overlays stay hidden.
		await page.getByRole('tab', { name: 'Layers' }).click();
		await page.getByRole('checkbox', { name: 'Show or hide Hotspots' }).uncheck();
		await page.getByRole('tab', { name: 'Hotspots' }).click();
		await page.getByTestId('hotspot-panel').waitFor();
		await waitForIdle(page);
		expect(await overlays(page, ['hotspot-heatmap', 'hotspot-overdue-ring'])).toEqual({ 'hotspot-heatmap': 'none', 'hotspot-overdue-ring': 'none' });
		expect(await overlays(page, PLANNING_OVERLAYS)).toEqual(none(PLANNING_OVERLAYS));
		expect(errors.filter((e) => !e.includes('GPU stall'))).toEqual([]);
		await page.close();
	}, SLOW);

	it('shows one period on the heatmap, the case points and the Cases list, week by week', async () => {
		const page = await browser.context.newPage();
		await openMap(page, server.url);
		await page.getByRole('tab', { name: 'Hotspots' }).click();
		await page.getByTestId('hotspot-panel').waitFor();
		await page.getByTestId('hotspots-analysis').click();
		await page.getByTestId('last-month').click();
		await waitForIdle(page);
		await page.getByTestId('hotspots-cases').click();
		const month = await casesInList(page);
		await expect.poll(async () => (await pointIdsShown(page))?.length).toBe(month);

		await page.getByTestId('hotspots-analysis').click();
		await page.getByRole('button', { name: 'Next week' }).click();
		await expect.poll(() => page.getByTestId('week-label').textContent()).toBe('Week 1 of 5: 10-01 – 10-04');
		await waitForIdle(page);
		await page.getByTestId('hotspots-cases').click();
		const week = await casesInList(page);
		expect(week).toBeLessThan(month);
		await expect.poll(async () => (await pointIdsShown(page))?.length).toBe(week);
		// The heatmap's filter is the same window.
		const heatWindow = await page.evaluate(() => JSON.stringify((window as unknown as { __map: import('maplibre-gl').Map }).__map.getFilter('hotspot-heatmap')));
		const [, from, to] = /">=",\["get","t"\],(\d+)\],\["<",\["get","t"\],(\d+)/.exec(heatWindow) ?? [];
		// The first ISO week of October 2026, clipped to the month: Thursday 1 to Monday 5 October, 00:00 in Beijing.
		expect([Number(from), Number(to)]).toEqual([Date.parse('2026-10-01T00:00:00+08:00'), Date.parse('2026-10-05T00:00:00+08:00')]);

		// Leaving the tab gives the points back their own filter.
		await page.getByRole('tab', { name: 'Layers' }).click();
		await waitForIdle(page);
		expect(await pointIdsShown(page)).toBeNull();
		await page.close();
	}, SLOW);

	it('fits the zone ranking into a phone in Chinese, and charts only the zones with figures', async () => {
		const phone = await launchBrowser({ viewport: { width: 375, height: 740 }, isMobile: true, locale: 'zh-CN' });
		try {
			const page = await phone.context.newPage();
			await openMap(page, server.url);
			await page.getByRole('button', { name: '图层' }).first().click();
			await page.getByRole('tab', { name: '卫生死角' }).click();
			await page.getByTestId('hotspots-analysis').click();
			await page.getByTestId('last-month').click();
			const table = page.getByTestId('ranking-table');
			await table.waitFor();
			// Short headers: one line each, not one character per line.
			const headerHeights = await table.locator('thead th').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().height));
			expect(Math.max(...headerHeights)).toBeLessThan(48);
			expect(await page.getByTestId('sort-resolvedOnTimePct').getAttribute('title')).toBe('按期整改率 %');
			// The zone column stays in view while the figures scroll.
			expect(await table.locator('tbody th').first().evaluate((c) => getComputedStyle(c).position)).toBe('sticky');
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

			const figures = (await fetch(`${server.url}/api/analysis/zones?kind=hotspots&from=2026-10-01&to=2026-11-01`).then((r) => r.json())) as { zones: { id: number; name: string; count: number }[] };
			const withReports = figures.zones.filter((z) => z.count > 0);
			const expectedTrend = [...withReports].sort((a, b) => b.count - a.count || a.id - b.id).slice(0, 5).map((z) => z.id);
			await expect.poll(() => page.getByTestId('ranking-trend').getAttribute('data-zones')).toBe(expectedTrend.join(','));
			expect(Number(await page.getByTestId('ranking-bars').getAttribute('data-rows'))).toBe(withReports.length);
			expect(withReports.length).toBeLessThan(figures.zones.length);
		} finally {
			await phone.close();
		}
	}, SLOW);
});
