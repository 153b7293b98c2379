/**
 * Field mode on a phone (375×740, touch, a fixed GPS position) in Debian's Chromium against the
 * real server: a field worker marks part of a road hardened and the zone's rate moves by exactly
 * that stretch; closes an assigned case with a photo; goes offline, makes two edits that survive a
 * reload and both arrive when the connection is back; and gets the choice when someone else
 * edited the same bin first.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { startServer, type RunningServer, type TestUser } from '../helpers/server';
import { clickFeature, launchBrowser, openFieldMode, tapMap, loginInBrowser, screenshot, waitForIdle, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, line, type ApiClient } from '../api/api-client';

const PHONE = { width: 375, height: 740 };
const LAT = 40.0005;
// Metres per degree of longitude at LAT on the WGS84 ellipsoid (what cheap-ruler measures with).
const phi = (LAT * Math.PI) / 180;
const M_PER_DEG_LON = ((Math.PI / 180) * 6378137 * Math.cos(phi)) / Math.sqrt(1 - 0.00669438 * Math.sin(phi) ** 2);

let server: RunningServer;
let browser: Browser;
let worker: TestUser;
let field: ApiClient;
let admin: ApiClient;
let zoneId: number;
let alleyId: number;
let branchId: number;

async function jpeg(): Promise<Buffer> {
	return sharp({ create: { width: 64, height: 48, channels: 3, background: '#7a8a6a' } }).jpeg().toBuffer();
}

beforeAll(async () => {
	server = await startServer();
	admin = apiClient(server.url, await server.login());
	worker = await server.createUser('wang', 'field');
	field = apiClient(server.url, worker.token);
	zoneId = (await admin.create('zones', { type: 'Polygon', coordinates: [[[116.35, 40], [116.352, 40], [116.352, 40.001], [116.35, 40.001], [116.35, 40]]] }, { name: 'East lanes' })).id;
	// An earth alley from 0.001° west of the zone to its middle (0.001° of it inside), and an asphalt road inside.
	alleyId = (await field.create('road-segments', line([116.349, LAT], [116.351, LAT]), { name: 'Willow alley', roadClass: 'alley', surface: 'earth', hardened: false, widthM: 3 })).id;
	await field.create('road-segments', line([116.3505, 40.0002], [116.3515, 40.0002]), { name: 'Main street', roadClass: 'main', surface: 'asphalt', hardened: true, widthM: 10 });
	branchId = (await field.create('road-segments', line([116.3505, 40.0008], [116.3515, 40.0008]), { name: 'Elm lane', roadClass: 'branch', surface: 'earth', hardened: false })).id;
	browser = await launchBrowser({ viewport: PHONE, isMobile: true });
	await browser.context.grantPermissions(['geolocation'], { origin: server.url });
	await loginInBrowser(await browser.context.newPage(), server.url, worker.username, worker.password);
});

// A page left open by a failed test would keep flushing the shared outbox: close them all.
afterEach(async () => {
	for (const page of browser?.context.pages() ?? []) await page.close();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});



/**
 * Picks the split point: waits until the map listens for it (the crosshair is set by the same
 * effect that adds the listener, which runs after the button's click has been handled), taps, and
 * waits for what the tap leads to, the two parts to choose from. A tap sent before the listener
 * was there selected whatever lay under it and was lost.
 */
async function tapSplitPoint(page: Page, c: [number, number]): Promise<void> {
	await page.waitForFunction(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.getCanvas().style.cursor === 'crosshair', undefined, { timeout: 30_000 });
	await tapMap(page, c);
	await page.getByTestId('split-part-1').waitFor({ timeout: 60_000 });
}

const zoneRate = async (client: ApiClient = field) => (await client.get('/api/analysis/hardening')).body.zones[String(zoneId)];

/** The two edits of the offline test, made while the context is offline; they must survive a reload. */
async function editOffline(page: Page): Promise<void> {
	await expect.poll(() => page.getByTestId('net-status').textContent()).toContain('Offline');
	await page.getByTestId('locate').click();
	await expect.poll(() => page.getByTestId('field-target-title').textContent()).toBe('Elm lane');
	await page.getByTestId('mark-hardened').click();
	await page.getByLabel('Concrete').check();
	await page.getByRole('button', { name: 'Mark hardened' }).click();
	await page.getByTestId('report-here').click();
	await page.locator('select[name="category"]').selectOption('standing-water');
	await page.getByTestId('photo-input').setInputFiles({ name: 'puddle.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
	await page.getByRole('button', { name: 'Report', exact: true }).click();
	await expect.poll(() => page.getByTestId('waiting-count').textContent()).toBe('2 edits waiting');
	await screenshot(page, 'field-offline-phone.png');

	// Nothing reached the server yet, and the edits survive a reload without a connection.
	expect((await field.get(`/api/collections/road-segments/items/${branchId}`)).body.version).toBe(1);
	await page.reload({ waitUntil: 'domcontentloaded' });
	await expect.poll(() => page.getByTestId('waiting-count').textContent(), { timeout: 30_000 }).toBe('2 edits waiting');

}

// A phone context, a map and a real server on two shared cores: generous per-test time.
describe('field mode on a phone', { timeout: 180_000 }, () => {
	it('locates the worker, marks part of the road hardened, and the zone rate moves by that stretch', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await browser.context.setGeolocation({ longitude: 116.3503, latitude: LAT + 0.00003, accuracy: 12 });
		await openFieldMode(page, server.url);
		const before = await zoneRate();
		// Main street hardened; the alley's half inside and Elm lane not: one third.
		expect(before.ratePct).toBeCloseTo(100 / 3, 1);

		await page.getByTestId('locate').click();
		await expect.poll(() => page.getByTestId('field-target-title').textContent()).toBe('Willow alley');
		// The accuracy circle and the dot are drawn.
		await waitForIdle(page);
		const drawn = await page.evaluate(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.queryRenderedFeatures({ layers: ['field-location-accuracy', 'field-location-dot'] }).length);
		expect(drawn).toBeGreaterThanOrEqual(2);

		await page.getByTestId('mark-part').click();
		await tapSplitPoint(page, [116.3505, LAT]);
		await page.getByTestId('split-part-1').click();
		await page.getByLabel('Paving').check();
		await page.locator('input[name="widthM"]').fill('2.5');
		await page.getByRole('button', { name: 'Mark this part hardened' }).click();

		// By hand: the part marked runs from the cut to the alley's east end at 116.351, all inside the zone.
		await expect.poll(async () => (await field.get(`/api/collections/road-segments/items?splitFrom=${alleyId}`)).body.numberMatched, { timeout: 20_000 }).toBe(2);
		const parts = (await field.get(`/api/collections/road-segments/items?splitFrom=${alleyId}`)).body.features;
		const done = parts.find((f: { properties: { hardened: boolean } }) => f.properties.hardened);
		expect(done.geometry.coordinates.at(-1)).toEqual([116.351, LAT]);
		const cutLon = done.geometry.coordinates[0][0];
		expect(cutLon).toBeCloseTo(116.3505, 4);
		const marked = (116.351 - cutLon) * M_PER_DEG_LON;
		await expect.poll(async () => (await zoneRate()).hardenedLengthM - before.hardenedLengthM, { timeout: 20_000 }).toBeCloseTo(marked, 1);
		const after = await zoneRate();
		expect(after.unhardenedLengthM).toBeCloseTo(before.unhardenedLengthM - marked, 1);
		expect(after.ratePct).toBeCloseTo((100 * (before.hardenedLengthM + marked)) / (before.hardenedLengthM + before.unhardenedLengthM), 2);
		expect(after.hardenedAreaM2 - before.hardenedAreaM2).toBeCloseTo(marked * 2.5, 0);
		// The old segment is gone; the two parts carry its history.
		expect(parts.map((f: { properties: { hardened: boolean } }) => f.properties.hardened).sort()).toEqual([false, true]);
		expect((await field.get(`/api/collections/road-segments/items/${alleyId}`)).status).toBe(404);
		expect(done.properties).toMatchObject({ surface: 'paving', widthM: 2.5, splitFrom: String(alleyId) });

		// The page shows the new rate, and the zone's outline says the target is not met.
		await page.getByRole('tab', { name: 'Hardening' }).click();
		const bar = page.locator(`[data-testid="zone-rate"][data-zone-id="${zoneId}"]`);
		await expect.poll(async () => Number(await bar.getAttribute('data-rate'))).toBeCloseTo(after.ratePct, 6);
		const state = await page.evaluate((id) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.getFeatureState({ source: 'kind-zones', id }), zoneId);
		expect(state.hardening).toBe('not-met');
		await screenshot(page, 'field-rates-phone.png');
		expect(errors.filter((e) => !e.includes('GPS stall'))).toEqual([]);
		await page.close();
	});

	it('closes an assigned case with a note and a photo', async () => {
		const report = await field.post('/api/hotspots', { type: 'Feature', geometry: { type: 'Point', coordinates: [116.3512, 40.0004] }, properties: { category: 'dumped-debris', name: 'Rubble by the gate' } });
		expect(report.status, report.text).toBe(201);
		const assigned = await admin.post(`/api/hotspots/${report.body.id}/transition`, { to: 'assigned', version: report.body.version });
		expect(assigned.status, assigned.text).toBe(200);
		const page = await browser.context.newPage();
		await openFieldMode(page, server.url);
		await clickFeature(page, [116.3512, 40.0004]);
		await expect.poll(() => page.getByTestId('field-target-title').textContent()).toBe('Rubble by the gate');
		await page.getByTestId('close-case').click();
		await page.locator('textarea[name="note"]').fill('Rubble taken away, ground swept');
		await page.getByTestId('photo-input').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
		await page.getByRole('button', { name: 'Close the case' }).click();
		await expect.poll(async () => (await field.get(`/api/collections/hotspots/items/${report.body.id}`)).body.properties.status, { timeout: 20_000 }).toBe('resolved');
		const closed = (await field.get(`/api/collections/hotspots/items/${report.body.id}`)).body.properties;
		expect(closed.resolutionNote).toBe('Rubble taken away, ground swept');
		expect(closed.resolutionPhotos).toHaveLength(1);
		// The phone has the server's answer too: nothing is left waiting on it.
		await expect.poll(() => page.getByTestId('waiting-count').count(), { timeout: 20_000 }).toBe(0);
		await page.close();
	});

	it('keeps two edits made offline on the phone, through a reload, and sends both when back online', async () => {
		await browser.context.setGeolocation({ longitude: 116.3509, latitude: 40.00083, accuracy: 8 });
		const page = await browser.context.newPage();
		await openFieldMode(page, server.url);
		// The service worker holds the app shell before the connection goes.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
		});
		const hotspotsBefore = (await field.get('/api/collections/hotspots/items?limit=1')).body.numberMatched;

		await browser.context.setOffline(true);
		try {
			await editOffline(page);
		} finally {
			await browser.context.setOffline(false);
		}
		await expect.poll(async () => (await field.get(`/api/collections/road-segments/items/${branchId}`)).body.properties.hardened, { timeout: 30_000 }).toBe(true);
		await expect.poll(async () => (await field.get('/api/collections/hotspots/items?limit=1')).body.numberMatched, { timeout: 30_000 }).toBe(hotspotsBefore + 1);
		const reported = (await field.get('/api/collections/hotspots/items?category=standing-water')).body.features[0];
		expect(reported.properties.photos).toHaveLength(1);
		expect(reported.properties.zoneId).toBe(String(zoneId));
		const photo = await field.send('GET', `/api/photos/${reported.properties.photos[0]}`);
		expect(photo.status).toBe(200);
		await expect.poll(() => page.getByTestId('waiting-count').count(), { timeout: 30_000 }).toBe(0);
		await page.close();
	});

	it('shows both versions when another browser edited the same bin first, and sends the one the worker keeps', async () => {
		const bin = await field.create('bins', { type: 'Point', coordinates: [116.3508, 40.0006] }, { name: 'Gate bin', capacityL: 100 });
		const page = await browser.context.newPage();
		await openFieldMode(page, server.url);
		await clickFeature(page, [116.3508, 40.0006]);
		await expect.poll(() => page.getByTestId('field-target-title').textContent()).toBe('Gate bin');
		await page.getByTestId('edit-asset').click();
		await page.locator('input[name="capacityL"]').fill('240');

		// A planner at a desk saves the same bin first, in another browser.
		const planner = await server.createUser('li', 'planner');
		const desk = await launchBrowser();
		try {
			const deskPage = await desk.context.newPage();
			await loginInBrowser(deskPage, server.url, planner.username, planner.password);
			await deskPage.goto(`${server.url}/?test`, { waitUntil: 'domcontentloaded' });
			await deskPage.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
			await clickFeature(deskPage, [116.3508, 40.0006]);
			await deskPage.getByRole('button', { name: 'Edit' }).click();
			await deskPage.locator('input[name="capacityL"]').fill('500');
			await deskPage.getByRole('button', { name: 'Save' }).click();
			await expect.poll(async () => (await field.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL).toBe(500);
		} finally {
			await desk.close();
		}

		await page.getByRole('button', { name: 'Save' }).click();
		await page.getByTestId('outbox-tab').click();
		const conflict = page.getByTestId('outbox-conflict');
		await conflict.waitFor();
		expect(await conflict.locator('td[data-side="mine"]').textContent()).toBe('240 L');
		expect(await conflict.locator('td[data-side="theirs"]').textContent()).toBe('500 L');
		// Nothing is overwritten while the worker decides.
		expect((await field.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL).toBe(500);
		await screenshot(page, 'field-conflict-phone.png');
		await conflict.getByTestId('keep-mine').click();
		await expect.poll(async () => (await field.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL).toBe(240);
		const history = (await field.get(`/api/collections/bins/items/${bin.id}/history`)).body.versions.map((v: { properties: { capacityL: number } }) => v.properties.capacityL);
		expect(history).toEqual([100, 500, 240]);
		await page.close();
	});
});
