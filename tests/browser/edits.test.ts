/**
 * Two people at two desks (two browsers, two accounts) edit the same bin, in a real Chromium
 * against the real server. Saves of different fields are merged: the second is stored with the
 * first one's change kept, and the second browser shows both on the card and on the map, with a
 * word on what the other changed. Saves of the same fields open the conflict dialog, which shows
 * each colliding field with the value read, mine and theirs; the person chooses per field and the
 * chosen values are stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, TEST_ADMIN_PASSWORD, type RunningServer } from '../helpers/server';
import { clickFeature, launchBrowser, loginInBrowser, openMap, screenshot, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, type ApiClient } from '../api/api-client';

let server: RunningServer;
let api: ApiClient;
let desks: Browser[] = [];

beforeAll(async () => {
	server = await startServer();
	api = apiClient(server.url, await server.login());
	const planner = await server.createUser('li', 'planner');
	desks = [await launchBrowser(), await launchBrowser()];
	await loginInBrowser(await desks[0].context.newPage(), server.url, 'admin', TEST_ADMIN_PASSWORD);
	await loginInBrowser(await desks[1].context.newPage(), server.url, planner.username, planner.password);
});

afterAll(async () => {
	for (const desk of desks) await desk.close();
	await server?.stop();
});

/** Each desk with the map open and the bin's card showing. */
async function bothOpen(at: [number, number], title: string): Promise<Page[]> {
	const pages: Page[] = [];
	for (const desk of desks) {
		const page = await desk.context.newPage();
		await openMap(page, server.url);
		await clickFeature(page, at);
		await expect.poll(() => page.getByTestId('feature-title').textContent()).toBe(title);
		pages.push(page);
	}
	return pages;
}

async function save(page: Page, values: { capacityL?: string; status?: string }) {
	await page.getByRole('button', { name: 'Edit' }).click();
	if (values.capacityL !== undefined) await page.locator('input[name="capacityL"]').fill(values.capacityL);
	if (values.status !== undefined) await page.locator('select[name="status"]').selectOption(values.status);
	await page.getByRole('button', { name: 'Save' }).click();
}

/** What the map's own source holds of a feature, and its feature-state. */
const onMap = (page: Page, id: number) =>
	page.evaluate((id) => {
		const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
		const f = map.querySourceFeatures('kind-bins').find((x) => x.id === id);
		return { properties: f?.properties, state: map.getFeatureState({ source: 'kind-bins', id }) };
	}, id);

describe('two desks edit the same bin', { timeout: 180_000 }, () => {
	it('merges saves of different fields: the second is stored beside the first, and its browser shows both', async () => {
		const bin = await api.create('bins', { type: 'Point', coordinates: [116.351, 40.002] }, { name: 'Shared bin', capacityL: 100 });
		const [first, second] = await bothOpen([116.351, 40.002], 'Shared bin');
		const errors = watchErrors(second);
		await save(first, { capacityL: '240' });
		await expect.poll(async () => (await api.get(`/api/collections/bins/items/${bin.id}`)).body.properties.capacityL).toBe(240);

		// The second desk still shows version 1 and changes another field.
		expect(await second.locator('dd[data-field="capacityL"]').textContent()).toBe('100 L');
		await save(second, { status: 'damaged' });
		await second.getByText('Saved. Meanwhile someone else changed Capacity; their change is kept beside yours.').waitFor();
		const stored = (await api.get(`/api/collections/bins/items/${bin.id}`)).body;
		expect([stored.version, stored.properties.capacityL, stored.properties.status]).toEqual([3, 240, 'damaged']);
		// The card and the map show the stored version: the other's change too.
		await expect.poll(() => second.locator('dd[data-field="capacityL"]').textContent()).toBe('240 L');
		expect(await second.locator('dd[data-field="status"]').textContent()).toBe('Damaged');
		await expect.poll(async () => (await onMap(second, bin.id)).properties).toMatchObject({ capacityL: 240, status: 'damaged' });
		// Updated in place: the bin is still drawn as selected.
		expect((await onMap(second, bin.id)).state).toMatchObject({ selected: true });
		await screenshot(second, 'edits-merged.png');
		expect(errors.filter((e) => !e.includes('GPU stall'))).toEqual([]);
		for (const page of [first, second]) await page.close();
	});

	it('shows each field both changed with the value read, mine and theirs, and stores the value chosen per field', async () => {
		const bin = await api.create('bins', { type: 'Point', coordinates: [116.353, 40.002] }, { name: 'Contested bin', capacityL: 100 });
		const [first, second] = await bothOpen([116.353, 40.002], 'Contested bin');
		await save(first, { capacityL: '500', status: 'damaged' });
		await expect.poll(async () => (await api.get(`/api/collections/bins/items/${bin.id}`)).body.version).toBe(2);

		await save(second, { capacityL: '300', status: 'removed' });
		const dialog = second.getByTestId('conflict-dialog');
		await dialog.locator('tr[data-field="status"]').waitFor();
		const row = async (field: string) => ['read', 'mine', 'theirs'].map((side) => dialog.locator(`tr[data-field="${field}"] td[data-side="${side}"]`).textContent());
		expect(await Promise.all(await row('capacityL'))).toEqual(['100 L', '300 L', '500 L']);
		expect(await Promise.all(await row('status'))).toEqual(['Installed', 'Removed', 'Damaged']);
		// Nothing is stored while the person decides.
		expect((await api.get(`/api/collections/bins/items/${bin.id}`)).body.version).toBe(2);

		await dialog.getByTestId('choose-capacityL-theirs').check();
		await screenshot(second, 'edits-conflict-per-field.png');
		await dialog.getByRole('button', { name: 'Save the values chosen' }).click();
		await expect.poll(async () => (await api.get(`/api/collections/bins/items/${bin.id}`)).body.version).toBe(3);
		const stored = (await api.get(`/api/collections/bins/items/${bin.id}`)).body.properties;
		expect([stored.capacityL, stored.status]).toEqual([500, 'removed']);
		await expect.poll(() => second.locator('dd[data-field="status"]').textContent()).toBe('Removed');
		expect(await second.locator('dd[data-field="capacityL"]').textContent()).toBe('500 L');
		const history = (await api.get(`/api/collections/bins/items/${bin.id}/history`)).body.versions.map((v: { properties: { capacityL: number; status: string } }) => [v.properties.capacityL, v.properties.status]);
		expect(history).toEqual([
			[100, 'installed'],
			[500, 'damaged'],
			[500, 'removed']
		]);
		for (const page of [first, second]) await page.close();
	});
});
