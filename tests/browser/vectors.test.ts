/**
 * 除四害 on a phone (375×740, touch) in Debian's Chromium against the real server, in zh-CN and in
 * en: a field worker records a mosquito-larvae survey in field mode (told at once, in the page's
 * language, that positives above inspected are impossible), it goes through the outbox (in the
 * English run the connection fails as it is saved: it waits, and goes when it is back), and the
 * zone's density control level shows on the map (the zones' feature-state and the tab's list and
 * legend) and in the campaign report's 除四害 section, with what still fails. Given a zone, the
 * worker is offered only it; a zone exactly at C with A and B unset reads "C or better".
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer, type TestUser } from '../helpers/server';
import { launchBrowser, loginInBrowser, openFieldMode, screenshot, waitForIdle, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, type ApiClient } from '../api/api-client';

const PHONE = { width: 375, height: 740 };
const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 40], [x + 0.002, 40], [x + 0.002, 40.001], [x, 40.001], [x, 40]]] });

let server: RunningServer;
let browser: Browser;
let worker: TestUser;
let admin: ApiClient;
let breedingSite: number;
const zones: Record<'zh' | 'en', { id: number; name: string }> = { zh: { id: 0, name: '东片' }, en: { id: 0, name: 'West lanes' } };

beforeAll(async () => {
	server = await startServer({ env: { SANIMAP_NOW: '2026-11-28T09:00:00+08:00' } });
	admin = apiClient(server.url, await server.login());
	worker = await server.createUser('li', 'field');
	zones.zh.id = (await admin.create('zones', square(116.35), { name: zones.zh.name })).id;
	zones.en.id = (await admin.create('zones', square(116.353), { name: zones.en.name })).id;
	// An open breeding-site case inside the first zone, for the survey to link as its finding.
	const site = await admin.post('/api/hotspots', { type: 'Feature', geometry: { type: 'Point', coordinates: [116.351, 40.0005] }, properties: { category: 'mosquito-breeding', description: '楼道盆景积水' } });
	expect(site.status, site.text).toBe(201);
	breedingSite = site.body.id;
	browser = await launchBrowser({ viewport: PHONE, isMobile: true });
	await loginInBrowser(await browser.context.newPage(), server.url, worker.username, worker.password);
}, 120_000);

afterEach(async () => {
	for (const page of browser?.context.pages() ?? []) await page.close();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function pageIn(lang: 'zh' | 'en'): Promise<Page> {
	const page = await browser.context.newPage();
	await page.addInitScript((l) => localStorage.setItem('sanimap.locale', l), lang);
	return page;
}

const TEXT = {
	zh: { tooMany: '阳性户数（102）不能多于检查户数（101）', below: '未达 C 级', sentence: '入户检查伊蚊幼虫孳生地 101 户，阳性容器 7 处', tab: '除四害', fails: '东片：蚊' },
	// The English run comes second: the period's totals then hold both zones' surveys.
	en: { tooMany: 'householdsPositive (102) cannot be more than householdsInspected (101)', below: 'Below C', sentence: '202 households inspected for mosquito larvae, 14 positive containers', tab: 'Pest control', fails: 'West lanes: Mosquitoes' }
};

/** The map page's 除四害 tab opened on the phone, and the row of one zone in its list. */
async function zoneRowOnTab(page: Page, lang: 'zh' | 'en', zoneId: number) {
	await page.goto(`${server.url}/?test`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
	await page.locator('button.menu').click();
	await page.getByRole('tab', { name: TEXT[lang].tab }).click();
	const row = page.locator(`[data-testid="vector-zones"] li[data-zone="${zoneId}"]`);
	await row.waitFor({ timeout: 30_000 });
	return row;
}

describe.each(['zh', 'en'] as const)('a larvae survey on a phone (%s)', (lang) => {
	it('is recorded in field mode, refused while impossible, and sent', async () => {
		const page = await pageIn(lang);
		const errors = watchErrors(page);
		await openFieldMode(page, server.url);
		await page.getByTestId('record-vector').click();
		const form = page.getByTestId('vector-form');
		await form.waitFor();
		await page.getByTestId('vector-zone').selectOption(String(zones[lang].id));
		await form.locator('input[name="householdsInspected"]').fill('101');
		await form.locator('input[name="householdsPositive"]').fill('102');
		await form.locator('input[name="containersInspected"]').fill('140');
		await form.locator('input[name="containersPositive"]').fill('7');
		await page.getByTestId('vector-submit').click();
		await expect.poll(() => page.getByTestId('vector-errors').textContent()).toContain(TEXT[lang].tooMany);
		await form.locator('input[name="householdsPositive"]').fill('5');
		// The zone's open breeding site is offered as a finding (only in its own zone).
		const sites = form.locator('.sites input[type="checkbox"]');
		expect(await sites.count()).toBe(lang === 'zh' ? 1 : 0);
		if (lang === 'zh') await sites.check();
		if (lang === 'en') {
			// In English the connection drops as the worker saves: the survey waits in the outbox, then goes.
			await page.route('**/api/edits', (route) => route.abort('internetdisconnected'));
			await page.getByTestId('vector-submit').click();
			await expect.poll(() => page.getByTestId('waiting-count').count(), { timeout: 30_000 }).toBe(1);
			expect((await admin.get(`/api/vector-surveys?zone=${zones[lang].id}`)).body.surveys).toEqual([]);
			await page.unroute('**/api/edits');
			await page.evaluate(() => window.dispatchEvent(new Event('online')));
		} else await page.getByTestId('vector-submit').click();
		await expect.poll(async () => (await admin.get(`/api/vector-surveys?zone=${zones[lang].id}`)).body.surveys.length, { timeout: 30_000 }).toBe(1);
		const [survey] = (await admin.get(`/api/vector-surveys?zone=${zones[lang].id}`)).body.surveys;
		expect(survey).toMatchObject({ kind: 'mosquito-larvae', surveyedAt: '2026-11-28', householdsPositive: 5, indices: { breteauIndex: 6.93, containerIndex: 5 }, level: 'below-C', updatedBy: worker.username });
		expect(survey.hotspotIds).toEqual(lang === 'zh' ? [String(breedingSite)] : []);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(1);
		// The one request refused while the connection was down is the only error the page logs.
		expect(errors.filter((e) => !(lang === 'en' && /ERR_INTERNET_DISCONNECTED/.test(e)))).toEqual([]);
	}, 120_000);

	it("shows the zone's level on the map", async () => {
		const page = await pageIn(lang);
		const errors = watchErrors(page);
		const row = await zoneRowOnTab(page, lang, zones[lang].id);
		expect(await row.getAttribute('data-zone-level')).toBe('below-C');
		expect(await row.textContent()).toContain(TEXT[lang].below);
		expect(await page.getByTestId('vector-legend').textContent()).toContain(TEXT[lang].below);
		// On the map itself: the zone carries its level as feature-state and the level layer is shown.
		await expect
			.poll(() =>
				page.evaluate((id) => {
					const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
					return [map.getFeatureState({ source: 'kind-zones', id }).vectorLevel, map.getLayoutProperty('vectors-zone-level', 'visibility')];
				}, zones[lang].id)
			)
			.toEqual(['below-C', 'visible']);
		await waitForIdle(page);
		await screenshot(page, `vectors-map-${lang}-phone.png`);
		expect(errors).toEqual([]);
	}, 120_000);

	it('shows it in the report, with what still fails', async () => {
		const page = await pageIn(lang);
		await page.goto(`${server.url}/report?from=2026-11-01&to=2026-12-01&lang=${lang}`);
		await page.waitForSelector('[data-report-ready="true"]', { timeout: 60_000 });
		const section = page.getByTestId('report-vectors');
		expect(await section.locator(`tr[data-zone="${zones[lang].id}"]`).getAttribute('data-zone-level')).toBe('below-C');
		expect(await section.locator(`tr[data-zone="${zones[lang].id}"]`).textContent()).toContain(TEXT[lang].below);
		expect(await page.getByTestId('vector-sentence').textContent()).toContain(TEXT[lang].sentence);
		expect(await page.getByTestId('vector-fails').textContent()).toContain(TEXT[lang].fails);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(1);
		await screenshot(page, `vectors-report-${lang}-phone.png`);
	}, 120_000);
});

describe('a field worker given a zone, and a level known only as a floor', () => {
	let north: number;

	beforeAll(async () => {
		// Rooms with flies at exactly 9 %: level C, and A and B are not set, so "C or better".
		north = (await admin.create('zones', square(116.356), { name: '北片' })).id;
		const fly = await admin.post('/api/vector-surveys', { zoneId: north, kind: 'fly', surveyedAt: '2026-11-27', placesInspected: 100, placesPositive: 9 });
		expect(fly.status, fly.text).toBe(201);
		const put = await admin.send('PUT', `/api/auth/users/${worker.username}/zones`, { body: JSON.stringify({ zones: [zones.zh.id] }), headers: { 'content-type': 'application/json' } });
		expect(put.status, put.text).toBe(200);
	});

	it('the survey form on the phone offers only the worker’s own zone', async () => {
		const page = await pageIn('zh');
		await openFieldMode(page, server.url);
		await page.getByTestId('record-vector').click();
		await page.getByTestId('vector-form').waitFor();
		expect(await page.getByTestId('vector-zone').locator('option').allTextContents()).toEqual([zones.zh.name]);
	}, 120_000);

	it.each([
		['zh', 'C 级及以上'],
		['en', 'C or better']
	] as const)('the tab writes the zone at exactly C as "C or better" (%s)', async (lang, text) => {
		const page = await pageIn(lang);
		const row = await zoneRowOnTab(page, lang, north);
		expect(await row.getAttribute('data-zone-level')).toBe('C');
		expect(await row.locator('.level').textContent()).toBe(text);
	}, 120_000);
});
