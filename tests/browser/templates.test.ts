/**
 * The checklist editor in Debian's Chromium against the real server: a planner changes a
 * checklist's name and an item's points and adds an item (a new version), a change made meanwhile
 * by someone else is a 409 said plainly with the current version to reload, and the server's
 * refusal of a bad item is shown naming it. Field staff may read the checklists, not change them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type TestUser } from '../helpers/server';
import { launchBrowser, loginInBrowser, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, type ApiClient } from '../api/api-client';

let server: RunningServer;
let browser: Browser;
let planner: TestUser;
let admin: ApiClient;
let zoneTemplate: { id: number; version: number; items: { key: string; maxPoints: number }[] };

beforeAll(async () => {
	server = await startServer();
	admin = apiClient(server.url, await server.login());
	planner = await server.createUser('liu', 'planner');
	zoneTemplate = (await admin.get('/api/inspection-templates')).body.templates.find((t: { target: string }) => t.target === 'zones');
	browser = await launchBrowser({ viewport: { width: 1100, height: 800 } });
	await loginInBrowser(await browser.context.newPage(), server.url, planner.username, planner.password);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the checklist editor', { timeout: 180_000 }, () => {
	it('saves a new version, says when someone else saved first, and shows the server refusing a bad item', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await page.goto(`${server.url}/templates`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('main[data-ready="true"]');
		await page.getByTestId(`template-${zoneTemplate.id}`).click();
		const editor = page.getByTestId('template-editor');
		await page.locator('input[name="name-en"]').fill('Weekly zone supervision');
		await page.getByLabel('Points of item 3').fill('12');
		await page.getByTestId('template-add-item').click();
		await page.getByLabel('Key of item 9').fill('public-toilets');
		await page.getByLabel('Chinese label of item 9').fill('公厕保洁');
		await page.getByLabel('English label of item 9').fill('Public toilets clean');
		await page.getByLabel('Points of item 9').fill('5');
		await page.getByLabel('Item 9 needs a photo when failed').check();
		await page.getByTestId('template-save').click();
		await expect.poll(() => page.getByTestId('template-editor').getAttribute('data-version')).toBe(String(zoneTemplate.version + 1));
		const stored = (await admin.get(`/api/inspection-templates/${zoneTemplate.id}`)).body;
		expect(stored.name.en).toBe('Weekly zone supervision');
		expect(stored.items[2].maxPoints).toBe(12);
		expect(stored.items.at(-1)).toEqual({ key: 'public-toilets', label: { zh: '公厕保洁', en: 'Public toilets clean' }, maxPoints: 5, photoRequired: true });

		// Someone else saves first: a 409, said plainly; nothing of ours is stored; reload shows theirs.
		expect((await admin.patch(`/api/inspection-templates/${zoneTemplate.id}`, { version: stored.version, cadence: 'monthly' })).status).toBe(200);
		await page.locator('input[name="name-zh"]').fill('片区督查');
		await page.getByTestId('template-save').click();
		const message = page.getByTestId('template-message');
		await expect.poll(() => message.textContent()).toContain(`you read version ${stored.version}, it is at version ${stored.version + 1} now`);
		expect((await admin.get(`/api/inspection-templates/${zoneTemplate.id}`)).body.name.zh).toBe(stored.name.zh);
		await page.getByTestId('template-reload').click();
		await expect.poll(() => editor.getAttribute('data-version')).toBe(String(stored.version + 1));
		expect(await page.locator('select[name="cadence"]').inputValue()).toBe('monthly');

		// Two items with one key: the server refuses, and the page says so, marking the item.
		await page.getByLabel('Key of item 2').fill('daily-clearance');
		await page.getByTestId('template-save').click();
		await expect.poll(() => message.textContent()).toContain('Not saved:');
		expect(await message.textContent()).toContain('daily-clearance');
		expect(await page.locator('tr.bad').count()).toBe(1);
		expect((await admin.get(`/api/inspection-templates/${zoneTemplate.id}`)).body.version).toBe(stored.version + 1);
		expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
		await page.close();
	});

	it('lets field staff read the checklists, not change them', async () => {
		const worker = await server.createUser('zhou', 'field');
		const other = await launchBrowser();
		const page = await other.context.newPage();
		await loginInBrowser(page, server.url, worker.username, worker.password);
		await page.goto(`${server.url}/templates`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('main[data-ready="true"]');
		await page.getByTestId(`template-${zoneTemplate.id}`).click();
		expect(await page.getByTestId('template-save').count()).toBe(0);
		expect(await page.locator('input[name="name-en"]').isDisabled()).toBe(true);
		await other.close();
	});
});
