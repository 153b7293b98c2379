/**
 * Field mode's edits on a phone (375×740, touch, a fixed GPS position) in Debian's Chromium against
 * the real server: edits made offline show on the sheet as pending, with their values and without
 * offering the same action again, also after a reload, and arrive as edits (POST /api/edits) when
 * the connection is back; a conflict is chosen per field; a split-and-harden is one undo stop, and
 * an edit still waiting is taken back before it is sent; and an outbox kept by the previous
 * version (queued requests in IndexedDB version 1) is migrated and sent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { startServer, type RunningServer, type TestUser } from '../helpers/server';
import { clickFeature, launchBrowser, openFieldMode, tapMap, loginInBrowser, screenshot, waitForIdle, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, line, type ApiClient } from '../api/api-client';

const PHONE = { width: 375, height: 740 };
const CASE_AT: [number, number] = [116.3612, 40.0004];
const BIN_AT: [number, number] = [116.3608, 40.0006];

let server: RunningServer;
let browser: Browser;
let worker: TestUser;
let field: ApiClient;
let admin: ApiClient;
let birchId: number;
let alleyId: number;
let caseId: number;

const jpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#6a7a8a' } }).jpeg().toBuffer();

beforeAll(async () => {
	server = await startServer();
	admin = apiClient(server.url, await server.login());
	worker = await server.createUser('chen', 'field');
	field = apiClient(server.url, worker.token);
	await admin.create('zones', { type: 'Polygon', coordinates: [[[116.359, 40], [116.362, 40], [116.362, 40.001], [116.359, 40.001], [116.359, 40]]] }, { name: 'West lanes' });
	birchId = (await field.create('road-segments', line([116.3605, 40.0008], [116.3615, 40.0008]), { name: 'Birch lane', roadClass: 'branch', surface: 'earth', hardened: false })).id;
	alleyId = (await field.create('road-segments', line([116.359, 40.0005], [116.361, 40.0005]), { name: 'Willow alley', roadClass: 'alley', surface: 'earth', hardened: false })).id;
	const report = await field.post('/api/hotspots', { type: 'Feature', geometry: { type: 'Point', coordinates: CASE_AT }, properties: { category: 'dumped-debris', name: 'Rubble by the well' } });
	caseId = report.body.id;
	expect((await admin.post(`/api/hotspots/${caseId}/transition`, { to: 'assigned', version: report.body.version })).status).toBe(200);
	browser = await launchBrowser({ viewport: PHONE, isMobile: true });
	await browser.context.grantPermissions(['geolocation'], { origin: server.url });
	await loginInBrowser(await browser.context.newPage(), server.url, worker.username, worker.password);
});

// A page left open by a failed test would keep flushing the shared outbox: close them all.
afterEach(async () => {
	await browser?.context.setOffline(false);
	for (const page of browser?.context.pages() ?? []) await page.close();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** Writes the page sends, as `METHOD /path`. */
function watchWrites(page: Page): string[] {
	const writes: string[] = [];
	page.on('request', (r) => {
		if (r.method() !== 'GET') writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
	});
	return writes;
}


const target = (page: Page) => page.getByTestId('field-target-title').textContent();

/** The road's pending marks and whether the sheet still offers to mark it. */
async function roadOnSheet(page: Page) {
	const hardened = page.locator('dd[data-field="hardened"]');
	return {
		hardened: (await hardened.textContent())?.trim(),
		pending: await hardened.getAttribute('data-pending'),
		surface: (await page.locator('dd[data-field="surface"]').textContent())?.trim(),
		offered: await page.getByTestId('mark-hardened').count()
	};
}

async function caseOnSheet(page: Page) {
	const note = page.getByTestId('case-status-note');
	return { status: (await note.textContent())?.trim(), pending: await note.getAttribute('data-pending'), offered: await page.getByTestId('close-case').count() };
}

describe('field edits on a phone', { timeout: 240_000 }, () => {
	it('shows edits made offline as pending, through a reload, without offering them again, and sends them as edits', async () => {
		await browser.context.setGeolocation({ longitude: 116.3609, latitude: 40.00083, accuracy: 8 });
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		const writes = watchWrites(page);
		await openFieldMode(page, server.url);
		// The service worker holds the app shell and the layers before the connection goes.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
		});

		await browser.context.setOffline(true);
		await expect.poll(() => page.getByTestId('net-status').textContent()).toContain('Offline');
		await page.getByTestId('locate').click();
		await expect.poll(() => target(page)).toBe('Birch lane');
		expect(await roadOnSheet(page)).toMatchObject({ hardened: 'No', offered: 1 });
		await page.getByTestId('mark-hardened').click();
		await page.getByLabel('Concrete').check();
		await page.getByRole('button', { name: 'Mark hardened' }).click();
		await expect.poll(() => roadOnSheet(page)).toEqual({ hardened: 'Yeswaiting to be sent', pending: 'true', surface: 'Concretewaiting to be sent', offered: 0 });

		await clickFeature(page, CASE_AT);
		await expect.poll(() => target(page)).toBe('Rubble by the well');
		await page.getByTestId('close-case').click();
		await page.locator('textarea[name="note"]').fill('Rubble carted off');
		await page.getByTestId('photo-input').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
		await page.getByRole('button', { name: 'Close the case' }).click();
		await expect.poll(() => caseOnSheet(page)).toMatchObject({ pending: 'true', offered: 0 });
		expect((await caseOnSheet(page)).status).toContain('This case is Resolved');
		await expect.poll(() => page.getByTestId('waiting-count').textContent()).toBe('2 edits waiting');
		expect((await page.getByTestId('net-status').textContent())?.trim()).toBe('Offline · 2 edits waiting');
		expect((await field.get(`/api/collections/road-segments/items/${birchId}`)).body.version).toBe(1);

		// After a reload without a connection the sheet still shows what waits, from the kept edits.
		await page.reload({ waitUntil: 'domcontentloaded' });
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await expect.poll(() => page.getByTestId('waiting-count').textContent(), { timeout: 30_000 }).toBe('2 edits waiting');
		await page.getByTestId('locate').click();
		await expect.poll(() => target(page)).toBe('Birch lane');
		expect(await roadOnSheet(page)).toEqual({ hardened: 'Yeswaiting to be sent', pending: 'true', surface: 'Concretewaiting to be sent', offered: 0 });
		await waitForIdle(page);
		const drawn = await page.evaluate(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.queryRenderedFeatures({ layers: ['field-pending-lines'] }).length);
		expect(drawn).toBeGreaterThan(0);
		await screenshot(page, 'field-pending-phone.png');
		await clickFeature(page, CASE_AT);
		await expect.poll(() => target(page)).toBe('Rubble by the well');
		expect(await caseOnSheet(page)).toMatchObject({ pending: 'true', offered: 0 });

		await browser.context.setOffline(false);
		await expect.poll(async () => (await field.get(`/api/collections/road-segments/items/${birchId}`)).body.properties, { timeout: 30_000 }).toMatchObject({ hardened: true, surface: 'concrete' });
		await expect.poll(async () => (await field.get(`/api/collections/hotspots/items/${caseId}`)).body.properties.status, { timeout: 30_000 }).toBe('resolved');
		const closed = (await field.get(`/api/collections/hotspots/items/${caseId}`)).body.properties;
		expect(closed.resolutionNote).toBe('Rubble carted off');
		expect(closed.resolutionPhotos).toHaveLength(1);
		await expect.poll(() => page.getByTestId('waiting-count').count(), { timeout: 30_000 }).toBe(0);
		// They went as edits: the photo first, then one POST /api/edits per edit, and no other write.
		const sent = writes.filter((w) => w !== 'POST /api/auth/logout');
		expect(sent.filter((w) => !['POST /api/photos', 'POST /api/edits'].includes(w))).toEqual([]);
		expect(sent.filter((w) => w === 'POST /api/edits').length).toBeGreaterThanOrEqual(2);
		// Stored now: the sheet offers nothing again.
		expect(await caseOnSheet(page)).toMatchObject({ pending: 'false', offered: 0 });
		expect(errors.filter((e) => !e.includes('GPU stall') && !e.includes('net::ERR_INTERNET_DISCONNECTED') && !/Failed to load resource/.test(e))).toEqual([]);
	});

	it('lets the worker choose per field when someone else saved the same bin first', async () => {
		const bin = await field.create('bins', { type: 'Point', coordinates: BIN_AT }, { name: 'Well bin', capacityL: 100 });
		const page = await browser.context.newPage();
		await openFieldMode(page, server.url);
		await clickFeature(page, BIN_AT);
		await expect.poll(() => target(page)).toBe('Well bin');
		await page.getByTestId('edit-asset').click();
		await page.locator('input[name="capacityL"]').fill('240');
		await page.locator('select[name="status"]').selectOption('damaged');
		// Someone at a desk saves the same two fields first.
		expect((await admin.patch(`/api/collections/bins/items/${bin.id}`, { properties: { capacityL: 500, status: 'removed' } }, { 'if-match': '"1"' })).status).toBe(200);
		await page.getByRole('button', { name: 'Save' }).click();

		await page.getByTestId('outbox-tab').click();
		const conflict = page.getByTestId('outbox-conflict');
		await conflict.locator('tr[data-field="status"]').waitFor();
		const row = (f: string) => Promise.all(['read', 'mine', 'theirs'].map((side) => conflict.locator(`tr[data-field="${f}"] td[data-side="${side}"]`).textContent()));
		expect(await row('capacityL')).toEqual(['100 L', '240 L', '500 L']);
		expect(await row('status')).toEqual(['Installed', 'Damaged', 'Removed']);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
		await conflict.getByTestId('choose-status-theirs').check();
		await screenshot(page, 'field-conflict-per-field-phone.png');
		await conflict.getByTestId('keep-mine').click();
		await expect.poll(async () => (await field.get(`/api/collections/bins/items/${bin.id}`)).body.version, { timeout: 20_000 }).toBe(3);
		const stored = (await field.get(`/api/collections/bins/items/${bin.id}`)).body.properties;
		expect([stored.capacityL, stored.status]).toEqual([240, 'removed']);
		await expect.poll(() => page.getByTestId('outbox-entry').count()).toBe(0);
	});

	it('undoes a split-and-harden in one step, and takes back an edit still waiting before it is sent', async () => {
		await browser.context.setGeolocation({ longitude: 116.3603, latitude: 40.00053, accuracy: 8 });
		const page = await browser.context.newPage();
		await openFieldMode(page, server.url);
		await page.getByTestId('locate').click();
		await expect.poll(() => target(page)).toBe('Willow alley');
		await page.getByTestId('mark-part').click();
		await page.waitForFunction(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.getCanvas().style.cursor === 'crosshair', undefined, { timeout: 30_000 });
		await tapMap(page, [116.36, 40.0005]);
		await page.getByTestId('split-part-1').click();
		await page.getByLabel('Paving').check();
		await page.getByRole('button', { name: 'Mark this part hardened' }).click();
		const parts = async () => (await field.get(`/api/collections/road-segments/items?splitFrom=${alleyId}`)).body.numberMatched;
		await expect.poll(parts, { timeout: 20_000 }).toBe(2);
		const split = (await field.get('/api/changesets?limit=1')).body.changesets[0];
		// The marked part is what the sheet shows now: hardened, nothing more to mark.
		await expect.poll(() => roadOnSheet(page)).toMatchObject({ hardened: 'Yes', offered: 0 });

		await page.getByTestId('undo').click();
		await expect.poll(async () => (await field.get(`/api/collections/road-segments/items/${alleyId}`)).status, { timeout: 20_000 }).toBe(200);
		expect(await parts()).toBe(0);
		const undo = (await field.get('/api/changesets?limit=1')).body.changesets[0];
		expect(undo.revertOf).toBe(split.id);
		expect(undo.features.map((f: { featureId: number }) => f.featureId).sort()).toEqual(split.features.map((f: { featureId: number }) => f.featureId).sort());
		await expect.poll(() => page.evaluate((id) => !!(window as any).__sanimap.layers.get('road-segments', id), alleyId)).toBe(true);

		// Offline, an edit waits on the phone; undo drops it and nothing reaches the server.
		const version = (await field.get(`/api/collections/road-segments/items/${alleyId}`)).body.version;
		await browser.context.setOffline(true);
		await page.getByTestId('locate').click();
		await expect.poll(() => target(page)).toBe('Willow alley');
		await page.getByTestId('mark-hardened').click();
		await page.getByRole('button', { name: 'Mark hardened' }).click();
		await expect.poll(() => page.getByTestId('waiting-count').textContent()).toBe('1 edit waiting');
		await page.getByTestId('undo').click();
		await page.getByText('Undone: Mark Willow alley hardened').waitFor();
		expect(await page.getByTestId('waiting-count').count()).toBe(0);
		expect(await roadOnSheet(page)).toMatchObject({ hardened: 'No', pending: 'false', offered: 1 });
		await browser.context.setOffline(false);
		await page.waitForTimeout(1000);
		expect((await field.get(`/api/collections/road-segments/items/${alleyId}`)).body).toMatchObject({ version, properties: { hardened: false } });
	});
});

describe('an outbox kept by the previous version', { timeout: 180_000 }, () => {
	it('is migrated when field mode opens, and sent as edits', async () => {
		const bin = await field.create('bins', { type: 'Point', coordinates: [116.3601, 40.0002] }, { name: 'Old bin', capacityL: 100 });
		const phone = await launchBrowser({ viewport: PHONE, isMobile: true });
		try {
			const page = await phone.context.newPage();
			await loginInBrowser(page, server.url, worker.username, worker.password);
			// What the previous field mode left in IndexedDB (version 1): a photo, a report naming it, an attribute edit.
			await page.evaluate(
				async ({ photo, binId }) => {
					const bytes = Uint8Array.from(atob(photo), (c) => c.charCodeAt(0));
					const db = await new Promise<IDBDatabase>((resolve, reject) => {
						const open = indexedDB.open('sanimap-field-outbox', 1);
						open.onupgradeneeded = () => {
							open.result.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
							open.result.createObjectStore('results', { keyPath: 'clientId' });
						};
						open.onsuccess = () => resolve(open.result);
						open.onerror = () => reject(open.error);
					});
					const tx = db.transaction('entries', 'readwrite');
					const entries = tx.objectStore('entries');
					const at = '2026-11-27T08:00:00.000Z';
					entries.add({ clientId: 'old-photo', createdAt: at, state: 'waiting', method: 'POST', url: '/api/photos', blob: new Blob([bytes], { type: 'image/jpeg' }), contentType: 'image/jpeg', label: 'field.outbox.kinds.photo', answer: 'photo' });
					entries.add({
						clientId: 'old-report',
						createdAt: at,
						state: 'waiting',
						method: 'POST',
						url: '/api/hotspots',
						body: { type: 'Feature', geometry: { type: 'Point', coordinates: [116.3602, 40.0002] }, properties: { category: 'small-ads', photos: ['{photo}'] } },
						refs: { photo: { clientId: 'old-photo', path: 'id' } },
						label: 'field.outbox.kinds.report',
						labelValues: {},
						collection: 'hotspots',
						answer: 'feature'
					});
					entries.add({
						clientId: 'old-edit',
						createdAt: at,
						state: 'waiting',
						method: 'PATCH',
						url: `/api/collections/bins/items/${binId}`,
						body: { properties: { capacityL: 60 } },
						ifMatch: 1,
						label: 'field.outbox.kinds.edit',
						labelValues: { name: 'Old bin' },
						collection: 'bins',
						featureId: binId,
						answer: 'feature',
						mine: { capacityL: 60 }
					});
					await new Promise((resolve) => (tx.oncomplete = resolve));
					db.close();
				},
				{ photo: (await jpeg()).toString('base64'), binId: bin.id }
			);
			const writes = watchWrites(page);
			await openFieldMode(page, server.url);
			await expect.poll(async () => (await field.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL, { timeout: 30_000 }).toBe(60);
			const reported = (await field.get('/api/collections/hotspots/items?category=small-ads')).body.features;
			expect(reported).toHaveLength(1);
			expect(reported[0].properties.photos).toHaveLength(1);
			expect((await field.send('GET', `/api/photos/${reported[0].properties.photos[0]}`)).status).toBe(200);
			expect(writes).toEqual(['POST /api/photos', 'POST /api/edits', 'POST /api/edits']);
			await expect.poll(() => page.getByTestId('waiting-count').count()).toBe(0);
		} finally {
			await phone.close();
		}
	});
});
