/**
 * Accounts in a real Chromium: what anonymous visitors and viewers see on the map page, signing in
 * and out through the pages, a refused write shown as a toast, and the admin page adding a user
 * and changing a role, at desktop and phone width.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_ADMIN_PASSWORD, type RunningServer } from '../helpers/server';
import { launchBrowser, loginInBrowser, openMap, screenshot, watchErrors, type Browser } from '../helpers/browser';
import { apiClient } from '../api/api-client';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
	// One bin, so that the page has something to select.
	await apiClient(server.url, await server.login()).create('bins', { type: 'Point', coordinates: [116.35, 40.0] });
});

afterAll(() => server?.stop());

const noConsoleErrors = (errors: string[]) => errors.filter((e) => !e.includes('GPU stall') && !/status of 40[13]/.test(e));

describe('signing in and out on the map page', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(() => browser?.close());

	it('an anonymous visitor sees "Log in" and disabled edit controls with the reason', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await openMap(page, server.url);
		await expect.poll(() => page.getByTestId('login-link').isVisible()).toBe(true);
		const add = page.getByRole('button', { name: /Add/ });
		expect(await add.isDisabled()).toBe(true);
		expect(await add.getAttribute('title')).toBe('Log in to make changes');
		expect(await page.getByTestId('undo').getAttribute('title')).toBe('Log in to make changes');
		expect(noConsoleErrors(errors)).toEqual([]);
		await page.close();
	});

	it('a viewer signs in, sees their name, cannot edit, and a write that still reaches the server is explained in a toast', async () => {
		const viewer = await server.createUser('kan', 'viewer');
		const page = await browser.context.newPage();
		await loginInBrowser(page, server.url, viewer.username, viewer.password);
		await openMap(page, server.url);
		expect(await page.getByTestId('user-name').textContent()).toContain('kan');
		expect(await page.getByRole('button', { name: /Add/ }).getAttribute('title')).toBe('Your role can only view');
		// Past the disabled buttons (a stale page, a keyboard shortcut): the server says no, the page says why.
		await page.evaluate(() => (window as unknown as { __sanimap: { editor: { add(c: string, p: [number, number]): Promise<void> } } }).__sanimap.editor.add('bins', [116.351, 40.001]));
		const toast = page.getByRole('alert');
		await toast.waitFor();
		expect(await toast.textContent()).toContain('Your role is not allowed to make this change.');
		expect((await apiClient(server.url).get('/api/collections/bins/items')).body.numberMatched).toBe(1);

		// Log out: the session ends and the page is anonymous again.
		await Promise.all([page.waitForURL(`${server.url}/`), page.getByTestId('logout').click()]);
		await page.getByTestId('login-link').waitFor();
		const cookies = await browser.context.cookies(server.url);
		expect(cookies.find((c) => c.name === 'sanimap_session')).toBeUndefined();
		await page.close();
	});

	it('a wrong password is answered on the login page, in Chinese when the page is in Chinese', async () => {
		const page = await browser.context.newPage();
		await page.goto(`${server.url}/login`);
		await page.locator('form[data-testid="login-form"][data-ready="true"]').waitFor();
		// The browser is in English; switch the page to Chinese.
		await page.locator('button.lang').click();
		await expect.poll(() => page.locator('h1').textContent()).toBe('登录');
		await page.fill('input[name="username"]', 'admin');
		await page.fill('input[name="password"]', 'not the password');
		await page.locator('button[type="submit"]').click();
		const error = page.getByTestId('login-error');
		await error.waitFor();
		expect(await error.textContent()).toBe('用户名或密码错误。');
		expect(page.url()).toContain('/login');
		await page.close();
	});
});

describe('the account page', () => {
	it('is reached from the name in the toolbar, changes the password in Chinese, and signs out the other sessions', async () => {
		const user = await server.createUser('lin', 'field', 'lin-first-password');
		const phone = await launchBrowser({ viewport: { width: 375, height: 740 }, isMobile: true });
		try {
			const page = await phone.context.newPage();
			const errors = watchErrors(page);
			await loginInBrowser(page, server.url, user.username, user.password);
			await openMap(page, server.url);
			// On a phone the name sits behind the toolbar's "more" button.
			await page.getByTestId('more').click();
			await Promise.all([page.waitForURL(`${server.url}/account`), page.getByTestId('user-name').click()]);
			const form = page.locator('form[data-testid="password-form"][data-ready="true"]');
			await form.waitFor();
			await page.locator('button.lang').click();
			await expect.poll(() => page.locator('h1').textContent()).toBe('我的账号');

			await page.fill('input[name="currentPassword"]', 'lin-first-password');
			await page.fill('input[name="newPassword"]', 'lin-second-password');
			await page.fill('input[name="confirmPassword"]', 'lin-second-passwort');
			await form.locator('button[type="submit"]').click();
			await expect.poll(() => page.getByTestId('password-error').textContent()).toBe('两次输入的新密码不一致，未做任何更改。');

			await page.fill('input[name="currentPassword"]', 'lin-first-password');
			await page.fill('input[name="newPassword"]', 'lin-second-password');
			await page.fill('input[name="confirmPassword"]', 'lin-second-password');
			await form.locator('button[type="submit"]').click();
			await expect.poll(() => page.getByTestId('password-changed').textContent()).toContain('密码已修改');
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
			await screenshot(page, 'account-phone.png');

			// The token signed in before is signed out; this browser is not.
			expect((await apiClient(server.url, user.token).get('/api/auth/me')).status).toBe(401);
			await openMap(page, server.url);
			expect(await page.getByTestId('user-name').textContent()).toContain('lin');
			expect(await server.login('lin', 'lin-second-password')).toBeTruthy();
			expect(noConsoleErrors(errors)).toEqual([]);
		} finally {
			await phone.close();
		}
	});
});

describe('the admin page', () => {
	it('adds a user and changes a role, and fits a phone', async () => {
		const phone = await launchBrowser({ viewport: { width: 375, height: 740 }, isMobile: true });
		try {
			const page = await phone.context.newPage();
			const errors = watchErrors(page);
			await loginInBrowser(page, server.url, 'admin', TEST_ADMIN_PASSWORD);
			await page.goto(`${server.url}/admin`);
			await page.getByTestId('add-user').click();
			await page.fill('input[name="username"]', 'he.field');
			await page.fill('input[name="displayName"]', '何师傅');
			await page.selectOption('select[name="role"]', 'field');
			await page.fill('input[name="password"]', 'he-field-password');
			await page.getByTestId('add-user-form').locator('button[type="submit"]').click();
			const row = page.locator('[data-testid="user-row"][data-username="he.field"]');
			await row.waitFor();
			expect(await row.textContent()).toContain('何师傅');
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
			await screenshot(page, 'admin-phone.png');

			await row.locator('select').selectOption('planner');
			await expect.poll(() => page.getByTestId('admin-notice').textContent()).toContain('he.field');
			const token = await server.login('he.field', 'he-field-password');
			expect((await apiClient(server.url, token).get('/api/auth/me')).body.user.role).toBe('planner');
			expect(noConsoleErrors(errors)).toEqual([]);
		} finally {
			await phone.close();
		}
	});

	it('is refused to a non-administrator', async () => {
		const planner = await server.createUser('ma', 'planner');
		const browser = await launchBrowser();
		try {
			const page = await browser.context.newPage();
			await loginInBrowser(page, server.url, planner.username, planner.password);
			const res = await page.goto(`${server.url}/admin`);
			expect(res?.status()).toBe(403);
		} finally {
			await browser.close();
		}
	});
});
