/**
 * Giving a user zones (分片包干) on the admin page, on a phone: the user's zones shown on its row,
 * chosen with the keyboard, saved, and then in force on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_ADMIN_PASSWORD, type RunningServer } from '../helpers/server';
import { launchBrowser, loginInBrowser, screenshot, watchErrors } from '../helpers/browser';
import { apiClient } from '../api/api-client';

let server: RunningServer;
let zoneId: number;
let fieldToken: string;

beforeAll(async () => {
	server = await startServer();
	const admin = apiClient(server.url, await server.login());
	zoneId = (await admin.create('zones', { type: 'Polygon', coordinates: [[[116.35, 40], [116.352, 40], [116.352, 40.002], [116.35, 40]]] }, { name: '东片区' })).id;
	await admin.create('zones', { type: 'Polygon', coordinates: [[[116.36, 40], [116.362, 40], [116.362, 40.002], [116.36, 40]]] }, { name: '西片区' });
	fieldToken = (await server.createUser('wang.field', 'field')).token;
});

afterAll(() => server?.stop());

describe('the admin page gives users zones', () => {
	it('chooses a zone for a field user with the keyboard on a phone, and the server holds it', async () => {
		const phone = await launchBrowser({ viewport: { width: 375, height: 740 }, isMobile: true, locale: 'zh-CN' });
		try {
			const page = await phone.context.newPage();
			const errors = watchErrors(page);
			await loginInBrowser(page, server.url, 'admin', TEST_ADMIN_PASSWORD);
			await page.goto(`${server.url}/admin`);
			const row = page.locator('[data-testid="user-row"][data-username="wang.field"]');
			const zones = row.getByTestId('user-zones');
			await zones.locator('summary').focus();
			await page.keyboard.press('Enter');
			await zones.getByLabel('东片区').focus();
			await page.keyboard.press('Space');
			expect(await zones.getByLabel('东片区').isChecked()).toBe(true);
			await zones.locator('button[type="submit"]').click();
			await expect.poll(() => page.getByTestId('admin-notice').textContent()).toContain('wang.field');
			await expect.poll(() => row.getByTestId('user-zones').locator('summary').textContent()).toContain('东片区');
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
			await screenshot(page, 'admin-zones-phone.png');
			expect((await apiClient(server.url, fieldToken).get('/api/auth/me')).body.user.zones).toEqual([zoneId]);
			expect(errors).toEqual([]);
		} finally {
			await phone.close();
		}
	});
});
