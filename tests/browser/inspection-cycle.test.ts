/**
 * The campaign's work cycle on a phone (375×740, touch, scripted GPS) in Debian's Chromium against
 * the real server with its clock pinned: an inspection of the zone the worker stands in, scored
 * item by item, two findings with photos (one where they stand, one tapped on the map), the walked
 * track recorded from the GPS (an imprecise fix dropped), finished offline and sent when the
 * connection is back as one edit; the findings become cases assigned to the zone's responsible
 * person with deadlines; the ranking board and the bulletin PDF (read back with pdftotext) show
 * the zone in zh and en, and so does the campaign report's ranking section; shops are ringed on
 * the map by their latest frontage check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { startServer, type RunningServer, type TestUser } from '../helpers/server';
import { ARTIFACTS_DIR, launchBrowser, loginInBrowser, openFieldMode, screenshot, tapMap, waitForIdle, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, line, type ApiClient } from '../api/api-client';

const PHONE = { width: 375, height: 740 };
/** Wednesday 18 November 2026, 10:00 in Shanghai. */
const NOW = '2026-11-18T10:00:00+08:00';
const ZONE_NAME = '东巷片区 Dongxiang';
const OTHER_ZONE = '南巷片区 Nanxiang';
const START: [number, number] = [116.3592, 40.0005];
const DRAIN_AT: [number, number] = [116.3612, 40.0002];

let server: RunningServer;
let browser: Browser;
let worker: TestUser;
let field: ApiClient;
let admin: ApiClient;
let zoneId: number;
let otherZoneId: number;
let tmp: string;

const jpeg = (colour: string) => sharp({ create: { width: 64, height: 48, channels: 3, background: colour } }).jpeg().toBuffer();

beforeAll(async () => {
	tmp = mkdtempSync(join(tmpdir(), 'sanimap-cycle-'));
	server = await startServer({ env: { SANIMAP_NOW: NOW } });
	admin = apiClient(server.url, await server.login());
	worker = await server.createUser('chen', 'field');
	field = apiClient(server.url, worker.token);
	zoneId = (await admin.create('zones', { type: 'Polygon', coordinates: [[[116.359, 40], [116.362, 40], [116.362, 40.001], [116.359, 40.001], [116.359, 40]]] }, { name: ZONE_NAME, responsible: 'Wang Fang' })).id;
	otherZoneId = (await admin.create('zones', { type: 'Polygon', coordinates: [[[116.362, 40], [116.365, 40], [116.365, 40.001], [116.362, 40.001], [116.362, 40]]] }, { name: OTHER_ZONE, responsible: 'Li Na' })).id;
	// 分片包干: the worker answers for the west zone.
	expect((await admin.send('PUT', `/api/auth/users/${worker.username}/zones`, { body: JSON.stringify({ zones: [zoneId] }), headers: { 'content-type': 'application/json' } })).status).toBe(200);
	await admin.create('road-segments', line([116.359, 40.0005], [116.361, 40.0005]), { name: 'Willow alley', roadClass: 'alley', surface: 'concrete', hardened: true });
	await admin.create('road-segments', line([116.3605, 40.0009], [116.3615, 40.0009]), { name: 'Birch lane', roadClass: 'branch', surface: 'earth', hardened: false });
	browser = await launchBrowser({ viewport: PHONE, isMobile: true });
	await browser.context.grantPermissions(['geolocation'], { origin: server.url });
	await browser.context.setGeolocation({ longitude: START[0], latitude: START[1], accuracy: 6 });
	await loginInBrowser(await browser.context.newPage(), server.url, worker.username, worker.password);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const noise = (e: string) => e.includes('GPU stall') || e.includes('net::ERR_INTERNET_DISCONNECTED') || /Failed to load resource/.test(e);

/** Walks the scripted GPS along `points`, one fix at a time, until the page has kept `kept` fixes. */
async function walk(page: Page, points: { at: [number, number]; accuracy: number }[]): Promise<void> {
	for (const p of points) {
		const before = await page.getByTestId('track-status').textContent();
		await browser.context.setGeolocation({ longitude: p.at[0], latitude: p.at[1], accuracy: p.accuracy });
		// Each fix reaches the watch before the next one is set.
		await expect.poll(() => page.getByTestId('track-status').textContent(), { timeout: 10_000 }).not.toBe(before);
	}
}

async function pdfText(path: string, lang: 'zh' | 'en'): Promise<string> {
	const res = await fetch(`${server.url}${path}&lang=${lang}`, { headers: { authorization: `Bearer ${worker.token}` } });
	expect(res.status, await res.clone().text()).toBe(200);
	expect(res.headers.get('content-type')).toContain('application/pdf');
	const file = join(ARTIFACTS_DIR, `bulletin-${lang}.pdf`);
	writeFileSync(file, Buffer.from(await res.arrayBuffer()));
	return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('the work cycle on a phone', { timeout: 300_000 }, () => {
	it('records an inspection where the worker stands, offline, and its cases, ranking and bulletin follow', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await openFieldMode(page, server.url);
		await page.getByTestId('inspect-tab').click();
		// "My zone": what is due in the worker's own zone only.
		const dueList = page.getByTestId('due-list');
		await expect.poll(() => dueList.locator(`li[data-zone-id="${zoneId}"]`).count(), { timeout: 20_000 }).toBe(1);
		expect(await dueList.locator('h2').textContent()).toBe('Due in my zones');
		expect(await dueList.textContent()).not.toContain(OTHER_ZONE);
		await page.getByRole('button', { name: 'Locate me' }).click();

		// The zone the worker stands in is preselected, with the zone checklist for it.
		const here = page.getByTestId(`target-zones-${zoneId}`);
		await expect.poll(() => here.isChecked(), { timeout: 20_000 }).toBe(true);
		expect(await page.getByTestId('template-select').locator('option:checked').textContent()).toContain('Weekly zone inspection');
		await page.getByTestId('inspection-start').click();
		await expect.poll(() => page.getByTestId('inspection-target').textContent()).toBe(ZONE_NAME);

		// Scores: steppers for the 15-point items, segmented buttons for the 10-point ones; one item left unscored.
		await page.getByLabel('Points for Rubbish cleared daily').fill('15');
		await page.getByLabel('Points for No exposed rubbish or neglected corners').fill('9');
		await page.getByLabel('One point more for Roads hardened and swept').click();
		await page.getByLabel('One point less for Vector control').click();
		await page.getByTestId('score-bins-intact').getByLabel('10 points for Bins intact').check();
		await page.getByTestId('score-boards-current').getByLabel('8 points for Display boards updated on time').check();
		await page.getByTestId('score-drains-clear').getByLabel('6 points for Drains and ditches clear').check();
		// Frontage duties: not applicable here (left unscored).
		// (15 + 9 + 15 + 14 + 10 + 8 + 6) ÷ (15 + 15 + 15 + 15 + 10 + 10 + 10) = 77 ÷ 90 = 85.56 %, shown as 85.6 %.
		await expect.poll(() => page.getByTestId('inspection-preview').textContent()).toBe('85.6 % (77 of 90 points)');

		// Finishing without the photos the two failed photo items need is refused on the phone, naming them.
		await page.getByTestId('inspection-finish').click();
		expect(await page.getByTestId('inspection-problems').textContent()).toContain('“No exposed rubbish or neglected corners” was not met');

		// Finding 1: where the worker stands, with a photo.
		await page.getByTestId('add-finding-no-exposed-rubbish').click();
		let form = page.getByTestId('finding-form');
		await form.locator('textarea[name="finding-note"]').fill('Heap of rubbish behind the wall');
		await form.getByTestId('photo-input').setInputFiles({ name: 'heap.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#7a6a5a') });
		await form.getByTestId('finding-add').click();
		await expect.poll(() => page.getByTestId('finding-no-exposed-rubbish').count()).toBe(1);

		// Finding 2: tapped on the map, with a photo.
		await page.getByTestId('add-finding-drains-clear').click();
		form = page.getByTestId('finding-form');
		await form.getByTestId('finding-pick').click();
		await page.evaluate((c) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.jumpTo({ center: c, zoom: 17 }), DRAIN_AT);
		await tapMap(page, DRAIN_AT);
		await expect.poll(() => form.getByTestId('finding-where').textContent()).toBe('Where you tapped.');
		await form.locator('textarea[name="finding-note"]').fill('Ditch silted up');
		await form.getByTestId('photo-input').setInputFiles({ name: 'ditch.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#4a5a3a') });
		await form.getByTestId('finding-add').click();
		await expect.poll(() => page.getByTestId('finding-drains-clear').count()).toBe(1);

		// The walk along Willow alley: fixes every ~17 m, one too imprecise to keep.
		await walk(page, [
			{ at: [116.3594, 40.0005], accuracy: 6 },
			{ at: [116.3596, 40.0005], accuracy: 6 },
			{ at: [116.3598, 40.0005], accuracy: 90 },
			{ at: [116.36, 40.0005], accuracy: 7 },
			{ at: [116.3602, 40.0005], accuracy: 5 },
			{ at: [116.3604, 40.0005], accuracy: 6 },
			{ at: [116.3606, 40.0005], accuracy: 6 },
			{ at: [116.3608, 40.0005], accuracy: 6 }
		]);
		const status = await page.getByTestId('track-status').textContent();
		expect(status).toMatch(/\(8 fixes kept, 1 imprecise dropped\)/);
		const walkedOnPhone = Number(/Walked (\d+) m/.exec(status ?? '')?.[1]);
		// 0.0016° of longitude at 40° N is 136.4 m.
		expect(walkedOnPhone).toBeGreaterThanOrEqual(134);
		expect(walkedOnPhone).toBeLessThanOrEqual(139);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
		await screenshot(page, 'inspection-phone.png');

		// Offline: the inspection is kept on the phone, with its two photos, and nothing is stored yet.
		await browser.context.setOffline(true);
		await expect.poll(() => page.getByTestId('net-status').textContent()).toContain('Offline');
		await page.getByTestId('inspection-finish').click();
		await expect.poll(() => page.getByTestId('waiting-count').textContent(), { timeout: 20_000 }).toBe('1 edit waiting');
		await expect.poll(() => page.getByTestId('inspection-waiting').count()).toBe(1);
		expect((await field.get(`/api/inspections?target=zones:${zoneId}`)).body.inspections).toEqual([]);

		// Back online: sent, stored as one changeset with its cases.
		await browser.context.setOffline(false);
		await expect.poll(async () => (await field.get(`/api/inspections?target=zones:${zoneId}`)).body.inspections.length, { timeout: 30_000 }).toBe(1);
		const [summary] = (await field.get(`/api/inspections?target=zones:${zoneId}`)).body.inspections;
		expect(summary).toMatchObject({ points: 77, maxPoints: 90, scorePct: 85.56, findingCount: 2, inspector: 'chen' });
		const detail = (await field.get(`/api/inspections/${summary.id}`)).body;
		expect(detail.scores).toEqual({ 'daily-clearance': 15, 'no-exposed-rubbish': 9, 'roads-clean': 15, 'vector-control': 14, 'bins-intact': 10, 'boards-current': 8, 'drains-clear': 6 });
		expect(detail.track.type).toBe('LineString');
		expect(detail.track.coordinates).toHaveLength(8);
		// Willow alley (170.6 m) walked from 116.3592 to 116.3608 plus 25 m at each end; Birch lane (85 m) is 44 m away, not walked.
		expect(detail.patrol.roadM).toBeCloseTo(255.9, 0);
		expect(detail.patrol.walkedM).toBeGreaterThan(150);
		expect(detail.patrol.walkedM).toBeLessThan(171);
		// The cases: assigned to the zone's responsible person, due seven days after the inspection.
		expect(detail.findings).toHaveLength(2);
		for (const f of detail.findings) {
			expect(f.status).toBe('assigned');
			expect(Date.parse(f.dueAt) - Date.parse(detail.inspectedAt)).toBe(7 * 24 * 3600 * 1000);
			const hotspot = (await field.get(`/api/collections/hotspots/items/${f.hotspotId}`)).body;
			expect(hotspot.properties).toMatchObject({ inspectionId: summary.id, responsible: 'Wang Fang', status: 'assigned' });
			expect(hotspot.properties.photos).toHaveLength(1);
		}
		const drainCase = detail.findings.find((f: { itemKey: string }) => f.itemKey === 'drains-clear');
		const drain = (await field.get(`/api/collections/hotspots/items/${drainCase.hotspotId}`)).body;
		// Where it was tapped (a tap lands within a pixel or two of the point: well under a metre at zoom 17).
		expect(Math.abs(drain.geometry.coordinates[0] - DRAIN_AT[0])).toBeLessThan(0.00003);
		expect(Math.abs(drain.geometry.coordinates[1] - DRAIN_AT[1])).toBeLessThan(0.00003);

		// The phone shows the answer: score, cases with their deadline, walked share.
		const result = page.getByTestId('inspection-result');
		await expect.poll(() => result.count(), { timeout: 20_000 }).toBe(1);
		expect(await page.getByTestId('result-score').textContent()).toContain('85.6 %');
		expect(await result.getByTestId('result-cases').locator('li').count()).toBe(2);
		expect(await result.getByTestId('case-status').first().textContent()).toBe('Assigned');
		expect(await result.textContent()).toContain('due Nov 25, 2026');
		expect(await page.getByTestId('result-patrol').textContent()).toMatch(/Walked \d+ % of the zone's streets/);
		await expect.poll(() => page.getByTestId('waiting-count').count()).toBe(0);
		// The map draws the zone's streets walked and not walked.
		await waitForIdle(page);
		const drawn = await page.evaluate(() => {
			const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
			return { walked: map.querySourceFeatures('inspection', { filter: ['==', ['get', 'part'], 'walked'] }).length, unwalked: map.querySourceFeatures('inspection', { filter: ['==', ['get', 'part'], 'unwalked'] }).length };
		});
		expect(drawn.walked).toBeGreaterThan(0);
		expect(drawn.unwalked).toBeGreaterThan(0);
		expect(errors.filter((e) => !noise(e))).toEqual([]);
		await page.close();
	});

	it('shows the zone on the ranking board and in the bulletin, in zh and en', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await page.goto(`${server.url}/ranking?period=month&at=2026-11-18`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('main[data-ready="true"]', { timeout: 30_000 });
		const row = page.locator(`tr[data-zone-id="${zoneId}"]`);
		expect(await row.getAttribute('data-rank')).toBe('1');
		expect(await row.locator('th.zone').textContent()).toContain(ZONE_NAME);
		expect(await row.locator('td.score').textContent()).toBe('85.6');
		expect(await row.locator('td.findings').textContent()).toBe('2');
		const other = page.locator(`tr[data-zone-id="${otherZoneId}"]`);
		expect(await other.getAttribute('data-rank')).toBe('');
		expect(await other.locator('td.score').textContent()).toBe('not inspected');
		expect(await page.getByTestId('period-text').textContent()).toBe('Nov 1, 2026 – Nov 30, 2026');
		expect(await page.getByTestId('red-list').textContent()).toContain(ZONE_NAME);
		// It fits the phone: the table scrolls inside its box, the page does not.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
		expect(await page.locator('thead th.rank abbr').getAttribute('title')).toBe('Rank');

		await page.getByRole('button', { name: 'Language' }).click();
		await expect.poll(() => page.locator('h1').textContent()).toBe('评比排名');
		expect(await page.locator('thead th.closed').textContent()).toBe('结案率');
		expect(await row.locator('th.zone').textContent()).toContain(ZONE_NAME);
		expect(await other.locator('td.score').textContent()).toBe('未检查');

		// The week before has no inspection: every zone unranked.
		await page.getByTestId('period-week').click();
		await page.getByTestId('period-prev').click();
		await expect.poll(() => page.url()).toContain('at=2026-11-09');
		await page.waitForSelector('main[data-ready="true"]');
		await expect.poll(() => row.getAttribute('data-rank')).toBe('');

		const hrefZh = await page.getByTestId('bulletin-pdf-zh').getAttribute('href');
		expect(hrefZh).toBe('/api/rankings/bulletin.pdf?period=week&at=2026-11-09&lang=zh');
		const month = '/api/rankings/bulletin.pdf?period=month&at=2026-11-18';
		const zh = await pdfText(month, 'zh');
		const en = await pdfText(month, 'en');
		// The PDF's table wraps a long name within its cell: its words are looked for one by one. The
		// Chinese part of the name is read back from the Chinese bulletin only: on a machine without a
		// CJK font Chromium draws Chinese as boxes, and pdftotext loses the first character drawn in each
		// font (the title's first, the English page's first name): the words checked here are not first.
		expect(zh).toContain('东巷片区');
		for (const text of [zh, en]) {
			expect(text).toContain('Dongxiang');
			expect(text).toContain('85.6');
		}
		expect(zh).toContain('名次');
		expect(zh).toContain('结案率');
		expect(zh).toContain('未检查');
		expect(en).toContain('Sanitation inspection ranking bulletin');
		expect(en).toContain('Red list (best)');
		expect(errors.filter((e) => !noise(e))).toEqual([]);

		// The campaign report of the month has the same ranking in its ranking section.
		await page.goto(`${server.url}/report?from=2026-11-01&to=2026-12-01&lang=en`, { waitUntil: 'domcontentloaded' });
		const section = page.getByTestId('report-ranking');
		await section.waitFor({ timeout: 60_000 });
		expect(await section.locator(`tr[data-zone-id="${zoneId}"]`).getAttribute('data-rank')).toBe('1');
		expect(await section.locator(`tr[data-zone-id="${zoneId}"] td.score`).textContent()).toBe('85.6');
		expect(await section.locator(`tr[data-zone-id="${otherZoneId}"]`).getAttribute('data-rank')).toBe('');

		// The board of the month on a desk (the README's picture is the demo's: tests/browser/hotspots.test.ts).
		await page.setViewportSize({ width: 960, height: 620 });
		await page.goto(`${server.url}/ranking?period=month&at=2026-11-18&lang=en`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('main[data-ready="true"]', { timeout: 30_000 });
		await screenshot(page, 'ranking-board.png');
		await page.close();
	});
	it('rings shops on the map by their latest frontage check', async () => {
		const shop = await admin.create('shops', { type: 'Point', coordinates: [116.3601, 40.0003] }, { name: 'Tea house', category: 'food', frontageContract: '2026-03-01' });
		const template = (await field.get('/api/inspection-templates')).body.templates.find((t: { target: string }) => t.target === 'shops');
		// 40 of 100 points: below the 80 % a frontage check passes at.
		const recorded = await field.post('/api/inspections', { templateId: template.id, target: { collection: 'shops', id: shop.id }, inspectedAt: '2026-11-18T09:30:00+08:00', scores: { 'frontage-clean': 40, 'frontage-order': 0, 'frontage-fixtures': 0 } });
		expect(recorded.status, recorded.text).toBe(201);
		const page = await browser.context.newPage();
		await page.setViewportSize({ width: 1000, height: 700 });
		await page.goto(`${server.url}/?test`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		const state = () => page.evaluate((id) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.getFeatureState({ source: 'kind-shops', id }), shop.id);
		await expect.poll(state, { timeout: 20_000 }).toEqual({ frontage: 'failed' });
		await page.evaluate(async (c) => {
			const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
			map.jumpTo({ center: c, zoom: 17 });
			await new Promise<void>((r) => {
				map.once('idle', () => r());
				map.triggerRepaint();
			});
		}, [116.3601, 40.0003] as [number, number]);
		const rings = await page.evaluate(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.queryRenderedFeatures({ layers: ['shops-frontage'] }).length);
		expect(rings).toBeGreaterThan(0);
		expect(await page.getByText('Latest frontage check failed').count()).toBeGreaterThan(0);

		// A second failed check this quarter puts the signed shop on the ranking board's list.
		const again = await field.post('/api/inspections', { templateId: template.id, target: { collection: 'shops', id: shop.id }, inspectedAt: '2026-11-10T10:00:00+08:00', scores: { 'frontage-clean': 40, 'frontage-order': 10, 'frontage-fixtures': 0 } });
		expect(again.status, again.text).toBe(201);
		await page.goto(`${server.url}/ranking?period=month&at=2026-11-18&lang=en`, { waitUntil: 'domcontentloaded' });
		const listed = page.getByTestId('frontage-failed-twice').locator(`li[data-shop-id="${shop.id}"]`);
		await listed.waitFor();
		expect((await listed.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Tea house · 2 fails this quarter · latest Nov 18, 2026: 40 %');
		// Its link opens the shop on the map, whose card lists its checks, newest first.
		await listed.getByRole('link', { name: 'Tea house' }).click();
		const history = page.getByTestId('inspection-history').locator('li');
		await expect.poll(() => history.count(), { timeout: 30_000 }).toBe(2);
		expect((await history.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim())).toEqual([
			expect.stringMatching(/^Nov 18, 2026 · .+ · 40 %$/),
			expect.stringMatching(/^Nov 10, 2026 · .+ · 50 %$/)
		]);
		await page.close();
	});
	it('says in the user language which item the server refused, when the checklist changed while the inspection was open', async () => {
		const page = await browser.context.newPage();
		await openFieldMode(page, server.url);
		await page.getByTestId('inspect-tab').click();
		await page.getByRole('button', { name: 'Locate me' }).click();
		await expect.poll(() => page.getByTestId(`target-zones-${zoneId}`).isChecked(), { timeout: 20_000 }).toBe(true);
		await page.getByTestId('inspection-start').click();
		await page.getByTestId('score-bins-intact').getByLabel('10 points for Bins intact').check();
		// Meanwhile a planner takes "Bins intact" off the zone checklist.
		const template = (await admin.get('/api/inspection-templates')).body.templates.find((t: { target: string }) => t.target === 'zones');
		const items = template.items.filter((i: { key: string }) => i.key !== 'bins-intact');
		expect((await admin.patch(`/api/inspection-templates/${template.id}`, { version: template.version, items })).status).toBe(200);
		await page.getByTestId('inspection-finish').click();
		const refused = page.locator('[data-testid="inspection-waiting"][data-state="failed"]');
		await expect.poll(() => refused.count(), { timeout: 20_000 }).toBe(1);
		expect(await refused.textContent()).toContain('The checklist has no item “Bins intact”');
		await page.getByRole('button', { name: 'Language' }).click();
		await expect.poll(() => refused.textContent()).toContain('检查表中没有“垃圾桶完好”这一项');
		await page.getByTestId('outbox-tab').click();
		expect(await page.getByTestId('outbox-entry').textContent()).toContain('垃圾桶完好');
		await page.getByTestId('outbox-discard').click();
		await expect.poll(() => page.getByTestId('outbox-entry').count()).toBe(0);
		await page.close();
	});
});
