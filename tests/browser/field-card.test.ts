/**
 * Field mode's card on a 375×667 phone (touch) in Debian's Chromium against the real server, its
 * clock pinned: a tapped case says its category, status, deadline (overdue in words), description
 * and photo, with its main action in reach; an unnamed alley is named by the road near it, in both
 * languages; a hardened road is not offered to be marked again; after offline edits the card shows
 * the values waiting to be sent and no longer offers them; and those edits, saved on the phone as a
 * file, are imported on a desktop and stored through the edit path as the phone would have sent them,
 * a collision with an edit made meanwhile chosen per field as on the phone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { startServer, type RunningServer, type TestUser } from '../helpers/server';
import { clickFeature, launchBrowser, loginInBrowser, openFieldMode, screenshot, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, line, type ApiClient } from '../api/api-client';

const PHONE = { width: 375, height: 667 };
const NOW = '2026-03-02T02:00:00.000Z';
/** Six hours before NOW: overdue by less than a day. */
const DUE = '2026-03-01T20:00:00.000Z';
const CASE_AT: [number, number] = [116.3612, 40.0004];
const ALLEY_MID: [number, number] = [116.3606, 40.0006];
const OAK_MID: [number, number] = [116.3606, 40.0001];
const BIN_AT: [number, number] = [116.3618, 40.0004];

let server: RunningServer;
let phone: Browser;
let desktop: Browser | undefined;
let worker: TestUser;
let field: ApiClient;
let admin: ApiClient;
let alleyId: number;
let caseId: number;
let binId: number;

const jpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#8a6a5a' } }).jpeg().toBuffer();
const target = (page: Page) => page.getByTestId('field-target-title').textContent();
const text = async (page: Page, key: string) => (await page.locator(`dd[data-field="${key}"]`).textContent())?.replace(/\s+/g, ' ').trim();
const pendingMark = (page: Page, key: string) => page.locator(`dd[data-field="${key}"]`).getAttribute('data-pending');

beforeAll(async () => {
	server = await startServer({ env: { SANIMAP_NOW: NOW } });
	admin = apiClient(server.url, await server.login());
	worker = await server.createUser('zhou', 'field');
	field = apiClient(server.url, worker.token);
	await admin.create('zones', { type: 'Polygon', coordinates: [[[116.359, 40], [116.363, 40], [116.363, 40.0015], [116.359, 40.0015], [116.359, 40]]] }, { name: 'Well lanes' });
	await field.create('road-segments', line([116.3595, 40.0009], [116.3617, 40.0009]), { name: 'Birch lane', roadClass: 'branch', surface: 'asphalt', hardened: true });
	// No name: about 33 m south of Birch lane.
	alleyId = (await field.create('road-segments', line([116.36, 40.0006], [116.3612, 40.0006]), { roadClass: 'alley', surface: 'earth', hardened: false })).id;
	await field.create('road-segments', line([116.36, 40.0001], [116.3612, 40.0001]), { name: 'Oak road', roadClass: 'secondary', surface: 'concrete', hardened: true });
	binId = (await field.create('bins', { type: 'Point', coordinates: BIN_AT }, { binType: 'refuse', status: 'damaged' })).id;
	const photo = await field.send('POST', '/api/photos', { body: await jpeg(), headers: { 'content-type': 'image/jpeg' } });
	expect(photo.status, photo.text).toBe(201);
	const report = await field.post('/api/hotspots', {
		type: 'Feature',
		geometry: { type: 'Point', coordinates: CASE_AT },
		properties: { category: 'dumped-debris', description: 'Broken bricks and an old mattress behind the well', photos: [photo.body.id] }
	});
	expect(report.status, report.text).toBe(201);
	caseId = report.body.id;
	const assigned = await admin.post(`/api/hotspots/${caseId}/transition`, { to: 'assigned', version: report.body.version });
	expect(assigned.status, assigned.text).toBe(200);
	const due = await admin.post('/api/edits', { edits: [{ type: 'patch', collection: 'hotspots', id: caseId, version: assigned.body.version, feature: { properties: { dueAt: DUE } } }] });
	expect(due.status, due.text).toBe(201);
	phone = await launchBrowser({ viewport: PHONE, isMobile: true });
	await loginInBrowser(await phone.context.newPage(), server.url, worker.username, worker.password);
});

afterEach(async () => {
	await phone?.context.setOffline(false);
	for (const page of phone?.context.pages() ?? []) await page.close();
});

afterAll(async () => {
	await desktop?.close();
	await phone?.close();
	await server?.stop();
});

/** Whether a box lies inside the phone's screen. */
const onScreen = (b: { y: number; height: number } | null) => !!b && b.y >= 0 && b.y + b.height <= PHONE.height + 0.5;

describe('field card on a phone', { timeout: 240_000 }, () => {
	it('says what a case is, when it was due and shows its photo, names an unnamed alley by the road near it, and does not offer to harden a hardened road', async () => {
		const page = await phone.context.newPage();
		const errors = watchErrors(page);
		await openFieldMode(page, server.url);
		// The header's title is whole, not cut to "Field m…".
		expect(await page.locator('header h1').evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);
		// The legend: closed over the map, opened and closed from the keyboard.
		const legend = page.getByTestId('field-legend');
		expect(await legend.getAttribute('open')).toBeNull();
		await legend.locator('summary').focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => legend.getAttribute('open')).toBe('');
		for (const entry of ['Not hardened', 'Zone meets the hardening target', 'Zone below the hardening target', 'Assigned', 'Edit waiting to be sent', 'You are here']) expect(await legend.textContent()).toContain(entry);
		await page.keyboard.press('Enter');
		await expect.poll(() => legend.getAttribute('open')).toBeNull();

		await clickFeature(page, CASE_AT);
		await expect.poll(() => target(page)).toBe(`Dumped debris #${caseId}`);
		expect(await text(page, 'category')).toBe('Dumped debris');
		expect(await text(page, 'status')).toBe('Assigned');
		expect(await text(page, 'dueAt')).toMatch(/^Mar 2, 2026, 4:00 AM\s?Overdue by less than a day$/);
		expect((await page.getByTestId('case-description').textContent())?.trim()).toBe('Broken bricks and an old mattress behind the well');
		await expect.poll(() => page.getByTestId('case-photo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
		// The sheet leaves most of the screen to the map; its main action is on screen without scrolling.
		const sheet = await page.getByRole('region', { name: 'What you can do here' }).boundingBox();
		expect(sheet!.height).toBeLessThanOrEqual(PHONE.height * 0.45 + 1);
		expect(onScreen(await page.getByTestId('close-case').boundingBox())).toBe(true);
		await screenshot(page, 'field-case-card-phone.png');

		await clickFeature(page, ALLEY_MID);
		await expect.poll(() => target(page)).toBe('Alley near Birch lane');
		expect(await page.getByTestId('mark-hardened').count()).toBe(1);

		// Any other asset: what it is and its state, by its kind's own fields.
		await clickFeature(page, BIN_AT);
		await expect.poll(() => target(page)).toBe(`Refuse bin #${binId}`);
		expect(await text(page, 'status')).toBe('Damaged');

		await clickFeature(page, OAK_MID);
		await expect.poll(() => target(page)).toBe('Oak road');
		expect(await text(page, 'hardened')).toBe('Yes');
		expect(await page.getByTestId('mark-hardened').count()).toBe(0);
		expect(await page.getByTestId('mark-part').count()).toBe(0);

		await page.locator('header button.lang').click();
		await clickFeature(page, ALLEY_MID);
		await expect.poll(() => target(page)).toBe('Birch lane附近的巷道');
		await clickFeature(page, CASE_AT);
		await expect.poll(() => target(page)).toBe(`乱堆乱放 #${caseId}`);
		expect(await text(page, 'dueAt')).toContain('逾期不足 1 天');
		await page.locator('header button.lang').click();
		expect(errors).toEqual([]);
	});

	it('shows edits made offline as waiting without offering them again, and the file saved on the phone is imported on a desktop and stored', async () => {
		const page = await phone.context.newPage();
		const errors = watchErrors(page);
		await openFieldMode(page, server.url);
		await phone.context.setOffline(true);
		await expect.poll(() => page.getByTestId('net-status').textContent()).toContain('Offline');

		await clickFeature(page, ALLEY_MID);
		await expect.poll(() => target(page)).toBe('Alley near Birch lane');
		await page.getByTestId('mark-hardened').click();
		await page.getByLabel('Concrete').check();
		await page.getByRole('button', { name: 'Mark hardened' }).click();
		// The toast says it was kept, above the sheet rather than over its buttons.
		const toast = page.getByTestId('toasts').locator('[role="status"]').first();
		await toast.waitFor({ timeout: 10_000 });
		const toastBox = await toast.boundingBox();
		const sheet = await page.getByRole('region', { name: 'What you can do here' }).boundingBox();
		expect(toastBox!.y + toastBox!.height).toBeLessThanOrEqual(sheet!.y);
		await expect.poll(() => text(page, 'hardened')).toBe('Yeswaiting to be sent');
		expect(await text(page, 'surface')).toBe('Concretewaiting to be sent');
		expect(await pendingMark(page, 'hardened')).toBe('true');
		expect(await page.getByTestId('mark-hardened').count()).toBe(0);

		await clickFeature(page, CASE_AT);
		await expect.poll(() => target(page)).toBe(`Dumped debris #${caseId}`);
		await page.getByTestId('close-case').click();
		await page.locator('textarea[name="note"]').fill('Bricks and mattress carted off');
		await page.getByTestId('photo-input').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
		await expect.poll(() => page.getByTestId('photo-preview').count()).toBe(1);
		await page.getByRole('button', { name: 'Close the case' }).click();
		await expect.poll(() => text(page, 'status')).toBe('Resolvedwaiting to be sent');
		expect(await pendingMark(page, 'status')).toBe('true');
		expect(await page.getByTestId('close-case').count()).toBe(0);
		await expect.poll(() => page.getByTestId('waiting-count').textContent()).toBe('2 edits waiting');

		await page.getByTestId('outbox-tab').click();
		// The list names them as the card does.
		expect(await page.getByTestId('outbox-entry').allTextContents()).toEqual([
			expect.stringContaining('Mark Alley near Birch lane hardened'),
			expect.stringContaining('Photo'),
			expect.stringContaining(`Close case Dumped debris #${caseId}`)
		]);
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('outbox-save').click()]);
		expect(download.suggestedFilename()).toBe('sanimap-edits-2026-03-02.zip');
		const saved = readFileSync((await download.path())!);
		await screenshot(page, 'field-outbox-file-phone.png');
		// Nothing reached the server from the phone.
		expect((await field.get(`/api/collections/road-segments/items/${alleyId}`)).body.version).toBe(1);
		// Carried to the office: the phone drops what the file holds, after asking, so nothing is sent twice.
		page.once('dialog', (d) => void d.accept());
		await page.getByTestId('outbox-discard-saved').click();
		await expect.poll(() => page.getByTestId('waiting-count').count()).toBe(0);
		await page.close();
		// Meanwhile someone at a desk gives the alley another surface: the imported edit collides with it.
		expect((await admin.patch(`/api/collections/road-segments/items/${alleyId}`, { properties: { surface: 'asphalt' } }, { 'if-match': '"1"' })).status).toBe(200);

		desktop = await launchBrowser({ viewport: { width: 1366, height: 800 } });
		const office = await desktop.context.newPage();
		const officeErrors = watchErrors(office);
		await loginInBrowser(office, server.url, worker.username, worker.password);
		await openFieldMode(office, server.url);
		await office.getByTestId('outbox-tab').click();
		const input = office.getByTestId('outbox-import');
		await input.setInputFiles({ name: 'bins.csv', mimeType: 'text/csv', buffer: Buffer.from('lon,lat\n116.36,40.0\n') });
		await expect.poll(() => office.getByTestId('outbox-file-message').textContent()).toBe('“bins.csv” is not a file of waiting edits saved from field mode (a .geojson or .zip from the Waiting tab).');
		await input.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/zip', buffer: saved });
		await expect.poll(() => office.getByTestId('outbox-file-message').textContent()).toContain('2 edits from sanimap-edits-2026-03-02.zip added');
		// The same choice per field as on the phone; the case's edit waits behind it.
		const conflict = office.getByTestId('outbox-conflict');
		await conflict.locator('tr[data-field="surface"]').waitFor({ timeout: 30_000 });
		const row = (f: string) => Promise.all(['read', 'mine', 'theirs'].map((side) => conflict.locator(`tr[data-field="${f}"] td[data-side="${side}"]`).textContent()));
		expect(await row('surface')).toEqual(['Earth', 'Concrete', 'Asphalt']);
		expect((await field.get(`/api/collections/hotspots/items/${caseId}`)).body.properties.status).toBe('assigned');
		await conflict.getByTestId('keep-mine').click();

		await expect.poll(async () => (await field.get(`/api/collections/road-segments/items/${alleyId}`)).body.properties, { timeout: 30_000 }).toMatchObject({ hardened: true, surface: 'concrete' });
		await expect.poll(async () => (await field.get(`/api/collections/hotspots/items/${caseId}`)).body.properties.status, { timeout: 30_000 }).toBe('resolved');
		const closed = (await field.get(`/api/collections/hotspots/items/${caseId}`)).body.properties;
		expect(closed.resolutionNote).toBe('Bricks and mattress carted off');
		expect(closed.resolutionPhotos).toHaveLength(1);
		expect((await field.send('GET', `/api/photos/${closed.resolutionPhotos[0]}`)).status).toBe(200);
		await expect.poll(() => office.getByTestId('waiting-count').count(), { timeout: 30_000 }).toBe(0);

		// A wrong file, said in Chinese too.
		await office.locator('header button.lang').click();
		await input.setInputFiles({ name: 'bins.csv', mimeType: 'text/csv', buffer: Buffer.from('lon,lat\n116.36,40.0\n') });
		await expect.poll(() => office.getByTestId('outbox-file-message').textContent()).toBe('“bins.csv”不是外业模式保存的待发送修改文件（应为“待发送”页保存的 .geojson 或 .zip 文件）。');
		await office.locator('header button.lang').click();

		// The browser logs the collision's 409 itself; nothing else went wrong.
		expect(officeErrors.filter((e) => !e.includes('GPU stall') && !e.includes('status of 409 (Conflict)'))).toEqual([]);
		expect(errors.filter((e) => !e.includes('GPU stall') && !e.includes('net::ERR_INTERNET_DISCONNECTED') && !/Failed to load resource/.test(e))).toEqual([]);
	});

	it('casts no shadow of the closed side drawer into the map on the phone', async () => {
		const page = await phone.context.newPage();
		await page.goto(`${server.url}/`, { waitUntil: 'domcontentloaded' });
		const side = page.locator('aside.side');
		await side.waitFor({ state: 'attached', timeout: 60_000 });
		expect(await side.evaluate((el) => getComputedStyle(el).boxShadow)).toBe('none');
		await page.locator('header.toolbar button.menu').click();
		await expect.poll(() => side.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe('none');
	});
});
