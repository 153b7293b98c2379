/**
 * A resident on a phone (375×740, touch, a GPS position) in Debian's Chromium against the real
 * server, without an account: reports a problem where someone already reported one and is offered
 * to add themselves to it; answers the questions of the category chosen (they change with it, in
 * the page's language, a required one refused on the phone) and reports a new problem while
 * offline, which waits on the phone and is sent, answers and all, when the connection is back;
 * follows the tracking link after a manager verified the case (through the API) and answers that
 * it is fixed; on another verified case answers "not fixed" and sees it reopened; opens the report
 * page and a tracking page again with the network off. A manager at a desk tells the residents'
 * cases from staff ones in the Hotspots tab, reads a reporter's answers and contact and marks a
 * report as spam, after which its tracking link finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startServer, type RunningServer } from '../helpers/server';
import { launchBrowser, loginInBrowser, openMap, type Browser } from '../helpers/browser';
import { apiClient, type ApiClient } from '../api/api-client';

const PHONE = { width: 375, height: 740 };

let server: RunningServer;
let browser: Browser;
let admin: ApiClient;
let existing: number;

async function jpeg(): Promise<Buffer> {
	return sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#6a7a8a' } }).jpeg().toBuffer();
}

async function hotspot(id: number) {
	const res = await admin.get(`/api/collections/hotspots/items/${id}`);
	expect(res.status, res.text).toBe(200);
	return res.body;
}

beforeAll(async () => {
	server = await startServer();
	admin = apiClient(server.url, await server.login());
	await admin.create('zones', { type: 'Polygon', coordinates: [[[116.349, 39.999], [116.356, 39.999], [116.356, 40.006], [116.349, 40.006], [116.349, 39.999]]] }, { name: 'East lanes', responsible: 'Wang Fang' });
	// Someone reported exposed rubbish at the corner earlier.
	const earlier = await apiClient(server.url).post('/api/public/reports', { category: 'exposed-rubbish', lon: 116.3503, lat: 40.0004, description: 'Bags by the corner', answers: { 'bin-fill': 'full' } });
	expect(earlier.status, earlier.text).toBe(201);
	existing = earlier.body.id;
	browser = await launchBrowser({ viewport: PHONE, isMobile: true });
	await browser.context.grantPermissions(['geolocation'], { origin: server.url });
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('reporting as a resident on a phone', () => {
	it('is offered the case already reported nearby and adds itself to it', async () => {
		await browser.context.setGeolocation({ longitude: 116.35032, latitude: 40.00042, accuracy: 10 });
		const page = await browser.context.newPage();
		await page.goto(`${server.url}/report-issue`);
		// The questions follow the category once the page is live.
		await page.waitForFunction(() => (window as unknown as { __reportMap?: { loaded(): boolean } }).__reportMap?.loaded());
		await page.getByTestId('category').selectOption('exposed-rubbish');
		// The category's own questions, then severity.
		await page.getByTestId('answer-bin-fill').waitFor();
		expect(await page.locator('[data-testid^="question-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(['question-bin-fill', 'question-bin-lid-broken', 'question-severity']);
		await page.getByTestId('answer-bin-fill').selectOption('overflowing');
		await page.getByTestId('use-gps').tap();
		await expect.poll(() => page.getByTestId('position-text').textContent()).toBe('40.00042, 116.35032');
		await page.getByTestId('contact').fill('13800000001');
		// The page fits the phone: nothing wider than the screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
		await page.getByTestId('submit').tap();
		await page.getByTestId('nearby').waitFor();
		await page.getByTestId('join').tap();
		await page.getByTestId('track-link').waitFor();
		expect((await hotspot(existing)).properties.reporterCount).toBe(2);
		await page.close();
	});

	it('keeps a report made offline on the phone and sends it when online, then follows it to "fixed"', async () => {
		const page = await browser.context.newPage();
		await page.goto(`${server.url}/report-issue`);
		await page.waitForFunction(() => (window as unknown as { __reportMap?: { loaded(): boolean } }).__reportMap?.loaded());
		const before = (await admin.get('/api/collections/hotspots/items')).body.numberMatched;

		await page.getByTestId('category').selectOption('standing-water');
		// Another category, other questions.
		await page.getByTestId('answer-drain-blocked').waitFor();
		expect(await page.getByTestId('answer-bin-fill').count()).toBe(0);
		expect(await page.getByTestId('question-drain-blocked').locator('span').textContent()).toBe('Is a drain or gully blocked *');
		await page.getByTestId('photo').setInputFiles({ name: 'puddle.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
		// The photo's preview and the questions push the map down the phone's screen: tap it where it settled.
		await page.getByAltText('Photo preview').waitFor();
		await page.waitForFunction(() => (document.querySelector('img.preview') as HTMLImageElement | null)?.complete === true);
		await page.getByTestId('report-map').scrollIntoViewIfNeeded();
		const box = (await page.getByTestId('report-map').boundingBox())!;
		await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
		await page.getByTestId('position-text').waitFor();
		await page.getByTestId('description').fill('Water standing for a week');

		// A required question left unanswered is refused on the phone, before anything is kept.
		await page.getByTestId('submit').tap();
		await expect.poll(() => page.getByRole('alert').textContent()).toBe('Answer “Is a drain or gully blocked”.');
		await page.getByTestId('answer-drain-blocked').selectOption('yes');
		await page.getByTestId('answer-smell').selectOption('yes');

		await browser.context.setOffline(true);
		await page.getByTestId('submit').tap();
		await page.getByTestId('waiting').waitFor();
		expect((await admin.get('/api/collections/hotspots/items')).body.numberMatched).toBe(before);

		await browser.context.setOffline(false);
		await page.getByTestId('track-link').waitFor({ timeout: 15_000 });
		await page.getByTestId('waiting').waitFor({ state: 'detached' });
		const items = (await admin.get('/api/collections/hotspots/items?category=standing-water')).body.features;
		expect(items).toHaveLength(1);
		const made = items[0];
		expect(made.properties).toMatchObject({ status: 'reported', reportSource: 'public', description: 'Water standing for a week', responsible: 'Wang Fang', reportAnswers: { 'drain-blocked': 'yes', smell: 'yes' } });
		// The photo was made smaller on the phone before it was sent.
		const stored = await (await fetch(`${server.url}/api/photos/${made.properties.photos[0]}`)).arrayBuffer();
		const { width, height } = await sharp(Buffer.from(stored)).metadata();
		expect([width, height]).toEqual([1600, 1200]);

		// A manager deals with it and verifies it, through the API.
		const proof = await admin.send('POST', '/api/photos', { body: new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a6a3a' } }).jpeg().toBuffer()), headers: { 'content-type': 'image/jpeg' } });
		let version = made.version;
		for (const move of [{ to: 'assigned' }, { to: 'resolved', note: 'Drain unblocked', photoIds: [proof.body.id] }, { to: 'verified' }]) {
			const r = await admin.post(`/api/hotspots/${made.id}/transition`, { ...move, version });
			expect(r.status, r.text).toBe(200);
			version = r.body.version;
		}

		await page.getByTestId('track-link').tap();
		await page.waitForURL(/\/report-issue\/track\//);
		await expect.poll(() => page.getByTestId('track-status').getAttribute('data-status')).toBe('verified');
		const img = page.getByTestId('resolution-photo');
		await img.waitFor();
		expect(await img.getAttribute('src')).toBe(`/api/photos/${proof.body.id}`);
		expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(40);
		await page.getByTestId('answer-fixed').tap();
		await page.getByTestId('answered').waitFor();
		expect((await hotspot(made.id)).properties.residentAnswer).toBe('fixed');
		await page.close();
	});

	it('answers "not fixed" on a verified case and sees it reopened; the pages open again offline', async () => {
		const resident = apiClient(server.url);
		const made = await resident.post('/api/public/reports', { category: 'dumped-debris', lon: 116.3531, lat: 40.0031, answers: { 'waste-kind': 'bulky' } }, { 'x-sanimap-device': 'device-reopen-01' });
		expect(made.status, made.text).toBe(201);
		const proof = await admin.send('POST', '/api/photos', { body: new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a5a2a' } }).jpeg().toBuffer()), headers: { 'content-type': 'image/jpeg' } });
		let version = (await hotspot(made.body.id)).version;
		for (const move of [{ to: 'assigned' }, { to: 'resolved', note: 'Sofa taken away', photoIds: [proof.body.id] }, { to: 'verified' }]) {
			const r = await admin.post(`/api/hotspots/${made.body.id}/transition`, { ...move, version });
			expect(r.status, r.text).toBe(200);
			version = r.body.version;
		}

		const page = await browser.context.newPage();
		await page.goto(`${server.url}${made.body.trackUrl}`);
		await expect.poll(() => page.getByTestId('track-status').getAttribute('data-status')).toBe('verified');
		await page.getByTestId('answer-not-fixed').tap();
		await page.getByTestId('track-reopened').waitFor();
		expect(await page.getByTestId('track-status').getAttribute('data-status')).toBe('assigned');
		expect(await page.getByTestId('track-status').textContent()).toBe('Assigned');
		expect(await page.getByTestId('answered').textContent()).toContain('reopened');
		expect(await page.getByTestId('resolution-photo').count()).toBe(0);
		expect((await hotspot(made.body.id)).properties).toMatchObject({ status: 'assigned', residentAnswer: 'not-fixed', responsible: 'Wang Fang' });

		// Once visited, the tracking page and the report page open with the network off.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
		});
		// A visit under the worker (the first may have come before it took over).
		await page.reload();
		await page.getByTestId('track-reopened').waitFor();
		await page.goto(`${server.url}/report-issue`);
		await page.getByTestId('category').waitFor();
		await browser.context.setOffline(true);
		try {
			const reloaded = await page.reload();
			expect(reloaded?.fromServiceWorker()).toBe(true);
			// The worker's own requests are offline too: one it has never kept fails.
			expect(await page.evaluate(() => fetch('/api/public/track/never-seen-token-0000').then((r) => r.status, () => 'offline'))).toBe('offline');
			await page.waitForFunction(() => (window as unknown as { __reportMap?: unknown }).__reportMap !== undefined);
			await page.getByTestId('category').selectOption('dumped-debris');
			await page.getByTestId('answer-waste-kind').waitFor();
			await page.goto(`${server.url}${made.body.trackUrl}`);
			await expect.poll(() => page.getByTestId('track-status').getAttribute('data-status')).toBe('assigned');
			await page.getByTestId('track-reopened').waitFor();
		} finally {
			await browser.context.setOffline(false);
		}
		await page.close();
	});

	it('lets a manager tell residents’ cases apart, read the answers and the contact and mark one as spam', async () => {
		const staff = await admin.post('/api/hotspots', { type: 'Feature', geometry: { type: 'Point', coordinates: [116.352, 40.002] }, properties: { category: 'small-ads' } });
		expect(staff.status, staff.text).toBe(201);
		const spam = await apiClient(server.url).post('/api/public/reports', { category: 'small-ads', lon: 116.3525, lat: 40.0025, description: 'Buy cheap phones', contact: 'spammer@example.org' });
		expect(spam.status, spam.text).toBe(201);
		const planner = await server.createUser('li', 'planner');
		const desk = await launchBrowser();
		try {
			const page = await desk.context.newPage();
			await loginInBrowser(page, server.url, planner.username, planner.password);
			await openMap(page, server.url);
			await page.getByRole('tab', { name: 'Hotspots' }).click();
			// The cases of this month (the tab opens on last month's).
			await page.getByTestId('hotspots-analysis').click();
			await page.getByTestId('this-month').click();
			await page.getByTestId('hotspots-cases').click();
			await page.getByTestId('case-list').waitFor();
			await expect.poll(() => page.getByTestId(`case-${staff.body.id}`).count()).toBe(1);
			await page.getByTestId('case-source').selectOption('public');
			await expect.poll(() => page.getByTestId(`case-${staff.body.id}`).count()).toBe(0);
			await expect.poll(() => page.getByTestId(`case-${existing}`).locator('[data-testid="public-flag"]').textContent()).toBe('Residents ×2');
			await page.getByTestId('case-source').selectOption('staff');
			await expect.poll(() => page.getByTestId(`case-${spam.body.id}`).count()).toBe(0);
			await page.getByTestId('case-source').selectOption('public');

			// The reporter's answers, in the reader's language.
			await page.getByTestId(`case-${existing}`).click();
			await expect.poll(() => page.getByTestId('report-answer-bin-fill').textContent()).toBe('Full');
			await page.getByRole('button', { name: 'Back to the list' }).click();

			await page.getByTestId(`case-${spam.body.id}`).click();
			await expect.poll(() => page.getByTestId('reporter-contacts').textContent()).toContain('spammer@example.org');
			page.once('dialog', (d) => void d.accept());
			await page.getByTestId('mark-spam').click();
			await expect.poll(() => page.getByTestId(`case-${spam.body.id}`).count()).toBe(0);
		} finally {
			await desk.close();
		}
		expect((await apiClient(server.url).get(`/api/collections/hotspots/items/${spam.body.id}`)).status).toBe(404);
		const phone = await browser.context.newPage();
		await phone.goto(`${server.url}/report-issue/track/${spam.body.token}`);
		await phone.getByTestId('track-missing').waitFor();
		await phone.close();
	});
});
