/**
 * A hotspot case in a real Chromium against the real server: field staff on a phone-sized screen
 * report one with a photo; a manager sees it on the heatmap, assigns, resolves and verifies it and
 * reads its timeline; for last month the choropleth legend, the zones' feature-state and the
 * ranking table show the demo's figures, and the ranking board of November ranks its zones as the
 * API does. The README's two screenshots are taken here. The server's clock is pinned (SANIMAP_NOW): last month is
 * October 2026 in the project's zone (Asia/Shanghai), whatever the day the test runs and whatever
 * the zone of the browser (tests/helpers/browser.ts runs it in another one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { appRoot, startServer, type RunningServer, type TestUser } from '../helpers/server';
import { launchBrowser, loginInBrowser, openMap, screenPoint, screenshot, waitForIdle, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, type ApiClient } from '../api/api-client';

let server: RunningServer;
let api: ApiClient;
let field: TestUser;
let manager: TestUser;

/** Inside a zone of the demo community (石板房南路南侧住宅区). */
const PLACE: [number, number] = [116.3478, 40.0038];

/** Saturday morning in Beijing, the day the demo was made for: its history ends the evening before. */
const NOW = '2026-11-28T09:00:00+08:00';
const LAST_MONTH = 'from=2026-10-01&to=2026-11-01';
/** The first ISO week of October 2026 clipped to the month: Thursday 1 to Sunday 4 October. */
const FIRST_WEEK = 'from=2026-10-01&to=2026-10-05';

/** Each test opens a browser and the whole map; on a busy 2-core machine that alone can take a minute. */
const SLOW = 240_000;

beforeAll(async () => {
	server = await startServer({ seed: true, env: { SANIMAP_NOW: NOW } });
	api = apiClient(server.url, await server.login());
	field = await server.createUser('zhangwei', 'field');
	manager = await server.createUser('manager', 'planner');
});

afterAll(async () => {
	await server?.stop();
});

const realErrors = (errors: string[]) => errors.filter((e) => !e.includes('GPU stall') && !/Failed to load resource.*40[134]/.test(e));

async function signedInMap(browser: Browser, user: TestUser): Promise<Page> {
	const page = await browser.context.newPage();
	await loginInBrowser(page, server.url, user.username, user.password);
	await openMap(page, server.url);
	return page;
}

async function openHotspotTab(page: Page) {
	// On a phone the side panel slides in from the menu button (it is off-screen, not hidden, before).
	if ((page.viewportSize()?.width ?? 1280) <= 640) await page.getByRole('button', { name: 'Layers' }).first().click();
	await page.getByRole('tab', { name: 'Hotspots' }).click();
	await page.getByTestId('hotspot-panel').waitFor();
}

describe('hotspot cases in the browser', () => {
	let caseId: number;

	it('field staff report a hotspot with a photo on a phone-sized screen', async () => {
		const browser = await launchBrowser({ viewport: { width: 375, height: 740 }, isMobile: true });
		try {
			const page = await signedInMap(browser, field);
			const errors = watchErrors(page);
			await page.evaluate((c) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.jumpTo({ center: c, zoom: 17 }), PLACE);
			await waitForIdle(page);
			await openHotspotTab(page);
			await page.getByTestId('hotspots-report').click();
			await page.getByTestId('pick-on-map').click();
			// The side panel covers the map on a phone: close it, tap the place, open it again.
			await page.getByRole('button', { name: 'Layers' }).first().click();
			await page.waitForTimeout(500); // the panel slides away
			const at = await screenPoint(page, PLACE);
			await page.mouse.click(at.x, at.y);
			await page.getByRole('button', { name: 'Layers' }).first().click();
			await page.waitForTimeout(500);
			await expect.poll(() => page.getByTestId('report-place').textContent()).toContain('116.347');
			await page.locator('select[name="category"]').selectOption('dumped-debris');
			await page.locator('select[name="severity"]').selectOption('high');
			await page.locator('textarea[name="description"]').fill('Broken furniture by the bike shed');
			const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a16207' } }).jpeg().toBuffer();
			await page.getByTestId('photo-input').setInputFiles({ name: 'shed.jpg', mimeType: 'image/jpeg', buffer: photo });
			await page.getByTestId('report-submit').click();
			const done = page.getByTestId('report-done');
			await done.waitFor({ timeout: 30_000 });
			const text = (await done.textContent()) ?? '';
			caseId = Number(/#(\d+)/.exec(text)?.[1]);
			expect(caseId).toBeGreaterThan(0);
			await screenshot(page, 'hotspot-reported-phone.png');

			const stored = (await api.get(`/api/collections/hotspots/items/${caseId}`)).body;
			const zone = (await api.get(`/api/collections/zones/items/${stored.properties.zoneId}`)).body;
			expect(zone.properties.name).toBe('石板房南路南侧住宅区');
			expect(text).toContain(zone.properties.name);
			expect(text).toContain(zone.properties.responsible);
			expect(stored.properties).toMatchObject({ status: 'reported', category: 'dumped-debris', severity: 'high', responsible: zone.properties.responsible });
			expect(stored.properties.photos).toHaveLength(1);
			const served = await fetch(`${server.url}/api/photos/${stored.properties.photos[0]}`);
			expect(served.headers.get('content-type')).toBe('image/jpeg');
			// Nothing wider than the phone's screen.
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
			expect(realErrors(errors)).toEqual([]);
		} finally {
			await browser.close();
		}
	}, SLOW);

	it('a manager sees it on the heatmap, assigns, resolves and verifies it, and reads the timeline', async () => {
		expect(caseId).toBeGreaterThan(0);
		const browser = await launchBrowser();
		try {
			const page = await signedInMap(browser, manager);
			const errors = watchErrors(page);
			await openHotspotTab(page);
			await page.getByTestId('hotspots-analysis').click();
			await page.getByRole('button', { name: 'This month' }).click();
			await waitForIdle(page);
			// On the heatmap: in its source, and inside the layer's filter for this month.
			const onHeatmap = await page.evaluate((id) => {
				const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
				const f = map.querySourceFeatures('hotspot-heat').find((x) => x.id === id);
				const filter = JSON.stringify(map.getFilter('hotspot-heatmap'));
				const [, from, to] = /">=",\["get","t"\],(\d+)\],\["<",\["get","t"\],(\d+)/.exec(filter) ?? [];
				return { found: !!f, t: Number(f?.properties.t), from: Number(from), to: Number(to), visible: map.getLayoutProperty('hotspot-heatmap', 'visibility') };
			}, caseId);
			expect(onHeatmap.found).toBe(true);
			expect(onHeatmap.t).toBeGreaterThanOrEqual(onHeatmap.from);
			expect(onHeatmap.t).toBeLessThan(onHeatmap.to);
			expect(onHeatmap.visible).not.toBe('none');

			await page.getByTestId('hotspots-cases').click();
			await page.getByTestId(`case-${caseId}`).click();
			const status = page.getByTestId('case-status');
			expect(await status.textContent()).toBe('Reported');
			await page.getByTestId('move-assigned').click();
			await expect.poll(() => status.textContent()).toBe('Assigned');
			await page.getByTestId('move-resolved').click();
			await page.locator('textarea[name="note"]').fill('Removed by the property office');
			const photo = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#16a34a' } }).png().toBuffer();
			await page.locator('#move-photos').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: photo });
			await page.getByTestId('move-confirm').click();
			await expect.poll(() => status.textContent()).toBe('Resolved');
			await page.getByTestId('move-verified').click();
			await expect.poll(() => status.textContent()).toBe('Verified');
			// A closed case offers no moves.
			expect(await page.locator('[data-testid^="move-"]').count()).toBe(0);
			const timeline = page.getByTestId('timeline').locator('li');
			await expect.poll(() => timeline.count()).toBe(4);
			const steps = await timeline.allTextContents();
			expect(steps[0]).toContain('zhangwei');
			expect(steps[1]).toMatch(/manager.*Reported → Assigned/s);
			expect(steps[2]).toMatch(/Assigned → Resolved.*Removed by the property office/s);
			expect(steps[3]).toMatch(/Resolved → Verified/);
			await screenshot(page, 'hotspot-verified.png');

			const stored = (await api.get(`/api/collections/hotspots/items/${caseId}`)).body;
			expect(stored.properties).toMatchObject({ status: 'verified', resolutionNote: 'Removed by the property office' });
			expect(stored.properties.resolutionPhotos).toHaveLength(1);
			expect(realErrors(errors)).toEqual([]);
		} finally {
			await browser.close();
		}
	}, SLOW);

	it('for last month the choropleth legend, the zone colours and the ranking table show the demo figures', async () => {
		const browser = await launchBrowser();
		try {
			const page = await signedInMap(browser, manager);
			const errors = watchErrors(page);
			await openHotspotTab(page);
			await page.getByTestId('hotspots-analysis').click();
			await page.getByTestId('last-month').click();
			expect(await page.getByTestId('period-from').inputValue()).toBe('2026-10-01');
			expect(await page.getByTestId('period-to').inputValue()).toBe('2026-11-01');
			// The README's picture of the map: the Hotspots tab over last month on a desk. It replaces
			// docs/screenshot.png only when asked (SANIMAP_UPDATE_DOCS=1), so a test run changes no tracked file.
			await waitForIdle(page);
			const shot = await screenshot(page, 'hotspots-last-month.png');
			if (process.env.SANIMAP_UPDATE_DOCS === '1') copyFileSync(shot, join(appRoot, 'docs', 'screenshot.png'));
			await page.getByTestId('measure').selectOption('count');
			const expected = (await api.get(`/api/analysis/zones?kind=hotspots&${LAST_MONTH}`)).body;
			expect(expected.zones.some((z: { count: number }) => z.count > 0)).toBe(true);

			// Legend: the fixed classes of the count measure.
			const legend = await page.getByTestId('choropleth-legend').locator('li').allTextContents();
			expect(legend.map((s) => s.replace(/\s+/g, ' ').trim())).toEqual(['< 1', '1 – < 3', '3 – < 6', '6 – < 10', '10 – < 20', '≥ 20']);

			// Ranking: one row per zone, sorted by count, with the API's figures.
			const table = page.getByTestId('ranking-table');
			await table.waitFor();
			await expect.poll(() => table.locator('tbody tr').count()).toBe(expected.zones.length);
			const rows = await table.locator('tbody tr').evaluateAll((trs) =>
				trs.map((tr) => ({ id: Number(tr.getAttribute('data-zone')), count: Number(tr.querySelector('[data-measure="count"]')!.textContent) }))
			);
			const byId = new Map(expected.zones.map((z: { id: number; count: number }) => [z.id, z.count]));
			for (const row of rows) expect(row.count, `zone ${row.id}`).toBe(byId.get(row.id));
			expect(rows.map((r) => r.count)).toEqual([...rows.map((r) => r.count)].sort((a, b) => b - a));
			// Sorting by name and back.
			await page.getByTestId('sort-overdue').click();
			const overdueCells = await table.locator('tbody td[data-measure="overdue"]').allTextContents();
			expect(overdueCells.map(Number)).toEqual([...overdueCells.map(Number)].sort((a, b) => b - a));

			// The zones' colours come from feature-state, with the same counts.
			await expect
				.poll(() =>
					page.evaluate(
						(ids: number[]) => {
							const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
							return ids.map((id) => map.getFeatureState({ source: 'kind-zones', id }).value ?? null);
						},
						expected.zones.map((z: { id: number }) => z.id)
					)
				)
				.toEqual(expected.zones.map((z: { count: number }) => z.count));

			// Clicking a zone fits the map to it.
			const top = rows[0];
			await page.getByTestId(`zone-${top.id}`).click();
			await page.waitForTimeout(800);
			await waitForIdle(page);
			const zone = (await api.get(`/api/collections/zones/items/${top.id}`)).body;
			const centreInside = await page.evaluate((ring) => {
				const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
				const c = map.getCenter();
				const xs = ring.map((p: number[]) => p[0]);
				const ys = ring.map((p: number[]) => p[1]);
				return c.lng >= Math.min(...xs) && c.lng <= Math.max(...xs) && c.lat >= Math.min(...ys) && c.lat <= Math.max(...ys);
			}, zone.geometry.coordinates[0]);
			expect(centreInside).toBe(true);

			// Stepping a week changes the window the heatmap and the choropleth show (the week clipped to the month, as they count it).
			await page.getByRole('button', { name: 'Next week' }).click();
			expect(await page.getByTestId('week-label').textContent()).toMatch(/Week 1 of 5: 10-01 – 10-04/);
			const week1 = (await api.get(`/api/analysis/zones?kind=hotspots&${FIRST_WEEK}`)).body;
			await expect
				.poll(() =>
					page.evaluate(
						(ids: number[]) => ids.map((id) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.getFeatureState({ source: 'kind-zones', id }).value ?? null),
						week1.zones.map((z: { id: number }) => z.id)
					)
				)
				.toEqual(week1.zones.map((z: { count: number }) => z.count));
			await screenshot(page, 'hotspot-ranking.png');
			expect(realErrors(errors)).toEqual([]);
		} finally {
			await browser.close();
		}
	}, SLOW);

	it("the demo's ranking board of November in Chinese ranks the zones as the API does", async () => {
		const browser = await launchBrowser({ viewport: { width: 1100, height: 1070 }, locale: 'zh-CN' });
		try {
			const page = await browser.context.newPage();
			await loginInBrowser(page, server.url, manager.username, manager.password);
			const errors = watchErrors(page);
			const expected = (await api.get('/api/rankings?period=month&at=2026-11-18')).body;
			expect(expected.zones.filter((z: { rank: number | null }) => z.rank !== null).length).toBeGreaterThan(6);
			await page.goto(`${server.url}/ranking?period=month&at=2026-11-18&lang=zh`, { waitUntil: 'domcontentloaded' });
			await page.waitForSelector('main[data-ready="true"]', { timeout: 60_000 });
			expect(await page.getByTestId('period-text').textContent()).toBe('2026年11月1日 – 2026年11月30日');
			const rows = await page.getByTestId('ranking-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-zone-id'))));
			expect(rows).toEqual(expected.zones.map((z: { zoneId: number }) => z.zoneId));
			await expect.poll(() => page.getByTestId('red-list').locator('li').count()).toBe(expected.red.length);
			expect(await page.getByTestId('black-list').locator('li').count()).toBe(expected.black.length);
			// The README's picture of the board. It replaces docs/ranking-board.png only when asked
			// (SANIMAP_UPDATE_DOCS=1), so a test run changes no tracked file.
			const shot = await screenshot(page, 'ranking-board-demo-zh.png');
			if (process.env.SANIMAP_UPDATE_DOCS === '1') copyFileSync(shot, join(appRoot, 'docs', 'ranking-board.png'));
			expect(realErrors(errors)).toEqual([]);
		} finally {
			await browser.close();
		}
	}, SLOW);
});
