/**
 * The campaign rules screen in Debian's Chromium against the real server: a planner finds it in the
 * toolbar's pages, changes a figure (stored, said), a value out of range is refused with a message
 * naming the figure and its range, in English and in Chinese, with nothing stored, and undo puts the
 * rules back as they were. Field staff read the rules with every control disabled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type TestUser } from '../helpers/server';
import { launchBrowser, loginInBrowser, screenshot, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, type ApiClient } from '../api/api-client';

let server: RunningServer;
let browser: Browser;
let planner: TestUser;
let field: TestUser;
let admin: ApiClient;

beforeAll(async () => {
	server = await startServer();
	admin = apiClient(server.url, await server.login());
	planner = await server.createUser('zhou', 'planner');
	field = await server.createUser('wang', 'field');
	browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const stored = async () => (await admin.get('/api/rules')).body;

describe('the campaign rules screen', { timeout: 180_000 }, () => {
	it('saves a figure, refuses a bad one with a message in the reader\'s language, and undoes the change', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await loginInBrowser(page, server.url, planner.username, planner.password);
		await page.goto(`${server.url}/`, { waitUntil: 'domcontentloaded' });
		expect(await page.getByTestId('rules-link').getAttribute('href')).toBe('/rules');

		await page.goto(`${server.url}/rules`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('main[data-ready="true"]');
		const row = page.locator('tr[data-rule="collectionPointRadiusM"]');
		expect(await row.textContent()).toContain('120 m');
		expect(await row.textContent()).toContain('10 to 2000 m');
		expect(await row.textContent()).toContain('GB 55013-2021');
		const radius = page.getByLabel('Bin walking radius', { exact: true });
		expect(await radius.inputValue()).toBe('70');

		// Out of range: refused by the server, said by name with its range, nothing stored.
		await radius.fill('5');
		await page.getByTestId('rules-save').click();
		const message = page.getByTestId('rules-message');
		await expect.poll(() => message.textContent()).toContain('Bin walking radius: the value must be from 10 to 500 m.');
		expect(await message.textContent()).toContain('Not saved; the rules in force are unchanged.');
		expect(await radius.getAttribute('aria-invalid')).toBe('true');
		await screenshot(page, 'rules-refused-en.png');
		let now = await stored();
		expect(now.rules.binWalkingRadiusM).toBe(70);
		expect(now.updatedAt).toBeNull();

		// Not a number, and a level stricter than the one before it: both named, nothing stored.
		await radius.fill('seventy');
		await page.getByLabel('Rooms with flies, level B').fill('12');
		await page.getByTestId('rules-save').click();
		await expect.poll(() => message.textContent()).toContain('Bin walking radius: enter a number (m).');
		expect(await message.textContent()).toContain('Rooms with flies: a level cannot be stricter than the level before it');
		expect((await stored()).updatedAt).toBeNull();

		// A good value: stored, said, one undo stop; the figures left alone stay on their defaults.
		await radius.fill('90');
		await page.getByLabel('Rooms with flies, level B').fill('');
		await page.getByLabel('Bin spacing along a road (Main road)').fill('150');
		await page.getByTestId('rules-save').click();
		await expect.poll(() => message.textContent()).toBe('Saved: Bin walking radius, Bin spacing along a road (Main road).');
		now = await stored();
		expect(now.overrides).toEqual({ binWalkingRadiusM: 90, binSpacingM: { main: 150 } });
		expect(now.updatedBy).toBe(planner.username);

		// Undo: the rules as they were before the save.
		await page.getByTestId('rules-undo').click();
		await expect.poll(() => message.textContent()).toBe('Undone: Bin walking radius, Bin spacing along a road (Main road).');
		now = await stored();
		expect(now.overrides).toEqual({});
		expect(now.rules.binWalkingRadiusM).toBe(70);
		expect(await radius.inputValue()).toBe('70');
		expect(await page.getByTestId('rules-undo').count()).toBe(0);

		// In Chinese: the same refusal in Chinese, with 米.
		await page.getByRole('button', { name: 'Language' }).click();
		const radiusZh = page.getByLabel('垃圾桶步行服务半径', { exact: true });
		await radiusZh.fill('501');
		await page.getByTestId('rules-save').click();
		await expect.poll(() => message.textContent()).toContain('垃圾桶步行服务半径：数值须在 10 至 500 米之间。');
		expect(await message.textContent()).toContain('未保存；现行标准保持不变。');
		await page.evaluate(() => scrollTo(0, 0));
		await screenshot(page, 'rules-zh.png');
		expect((await stored()).overrides).toEqual({});
		await page.getByRole('button', { name: '语言' }).click();
		expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
		await page.close();
	});

	it('does not undo over a change someone else made meanwhile', async () => {
		// Still signed in from the test before (one browser profile).
		const page = await browser.context.newPage();
		await page.goto(`${server.url}/rules`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('main[data-ready="true"]');
		await page.getByLabel('Hotspot rectification deadline', { exact: true }).fill('5');
		await page.getByTestId('rules-save').click();
		const message = page.getByTestId('rules-message');
		await expect.poll(() => message.textContent()).toBe('Saved: Hotspot rectification deadline.');
		expect((await admin.send('PUT', '/api/rules', { body: JSON.stringify({ hotspotDeadlineDays: 5, hardeningTargetPct: 80 }), headers: { 'content-type': 'application/json' } })).status).toBe(200);
		await page.getByTestId('rules-undo').click();
		await expect.poll(() => message.textContent()).toContain('changed by someone else');
		expect((await stored()).overrides).toEqual({ hotspotDeadlineDays: 5, hardeningTargetPct: 80 });
		expect(await page.getByLabel('Road hardening target', { exact: true }).inputValue()).toBe('80');
		await admin.send('PUT', '/api/rules', { body: '{}', headers: { 'content-type': 'application/json' } });
		await page.close();
	});

	it('shows field staff the rules without letting them change them', async () => {
		const other = await launchBrowser();
		const page = await other.context.newPage();
		await loginInBrowser(page, server.url, field.username, field.password);
		await page.goto(`${server.url}/rules`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('main[data-ready="true"]');
		expect(await page.getByLabel('Bin walking radius', { exact: true }).isDisabled()).toBe(true);
		expect(await page.getByTestId('rules-save').isDisabled()).toBe(true);
		expect(await page.getByTestId('rules-save').getAttribute('title')).toBe('Planners and administrators may change the rules.');
		await other.close();
	});
});
