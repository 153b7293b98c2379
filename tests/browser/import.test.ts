/**
 * The import page in Chromium at phone width: sign in, choose a CSV, see the preview (counts, the
 * map, the mapping, the problems), import it, undo it; export links for every layer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, type RunningServer } from '../helpers/server';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../helpers/server';
import { clickFeature, launchBrowser, loginInBrowser, openMap, screenshot, watchErrors, type Browser } from '../helpers/browser';
import { apiClient } from '../api/api-client';

let server: RunningServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser({ viewport: { width: 375, height: 800 }, isMobile: true });
	page = await browser.context.newPage();
	errors = watchErrors(page);
	await loginInBrowser(page, server.url, TEST_ADMIN_USERNAME, TEST_ADMIN_PASSWORD);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const csv = '名称,状态,经度,纬度\n北门,已设置,116.35,40.001\n南门,规划,116.351,40.002\n坏点,已设置,116.352,123.4\n';

describe('import page', () => {
	it('previews a CSV with its map, mapping and problems, imports the good rows and undoes them', async () => {
		await page.goto(`${server.url}/import`, { waitUntil: 'networkidle' });
		await page.setInputFiles('[data-testid="import-file"]', { name: 'bins.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.selectOption('[data-testid="import-kind"]', 'bins');
		await page.click('[data-testid="import-upload"]');
		const preview = page.locator('[data-testid="import-preview"]');
		await preview.waitFor({ timeout: 30_000 });
		await expect.poll(() => preview.textContent()).toMatch(/3 rows: 2 can be imported, 1 has problems/);
		expect(await page.locator('select#map-名称').inputValue()).toBe('name');
		expect(await preview.textContent()).toMatch(/Latitude 123.4/);
		await page.locator('[data-testid="import-map"] canvas').waitFor();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
		await screenshot(page, 'import-preview-375.png');

		// The lon/lat columns give the position, in English too.
		expect(await page.locator('[data-testid="position-column"][data-column="经度"]').textContent()).toBe('→ position (longitude)');
		expect(await page.locator('[data-testid="position-column"][data-column="纬度"]').textContent()).toBe('→ position (latitude)');

		expect(await page.locator('[data-testid="import-commit"]').isDisabled()).toBe(true);
		expect(await page.locator('[data-testid="import-skip"]').evaluate((el) => el.parentElement!.textContent!.trim())).toBe('Leave out the 1 row with problems');
		expect(await page.locator('[data-testid="import-commit"]').textContent()).toMatch(/^\s*Import 2 features\s*$/);
		await page.check('[data-testid="import-skip"]');
		await page.click('[data-testid="import-commit"]');
		await page.locator('[data-testid="import-result"]').waitFor({ timeout: 30_000 });
		expect(await page.locator('[data-testid="import-result"]').textContent()).toMatch(/2 new, 0 updated, 0 unchanged, 1 left out/);
		const api = apiClient(server.url);
		expect((await api.get('/api/collections/bins/items')).body.numberMatched).toBe(2);

		await page.click('[data-testid="import-undo"]');
		await page.locator('[data-testid="import-undone"]').waitFor();
		expect((await api.get('/api/collections/bins/items')).body.numberMatched).toBe(0);
		expect(errors).toEqual([]);
	});

	it('says why a council file’s `type` column is left unmapped, imports it, and shows the kept columns on the map', async () => {
		const council = readFileSync(join(appRoot, 'tests/fixtures/import/council-litter-bins.geojson'));
		await page.goto(`${server.url}/import`, { waitUntil: 'networkidle' });
		await page.setInputFiles('[data-testid="import-file"]', { name: 'litter_bins.geojson', mimeType: 'application/geo+json', buffer: council });
		await page.selectOption('[data-testid="import-kind"]', 'bins');
		await page.click('[data-testid="import-upload"]');
		const preview = page.locator('[data-testid="import-preview"]');
		await preview.waitFor({ timeout: 30_000 });
		await expect.poll(() => preview.textContent()).toMatch(/6 rows: 6 can be imported, 0 have problems/);
		const note = page.locator('[data-testid="column-note"][data-column="type"]');
		expect(await note.textContent()).toMatch(/Not mapped to Type \(binType\): 0 of its 6 values fit \(for example “Derby Auto Slimline”, “Glasdon Topsy 2000”, “Wybone Vipa”\)/);
		expect(await page.locator('select#map-type').inputValue()).toBe('');
		expect(await page.locator('select#map-type option:checked').textContent()).toBe('(kept as a source attribute)');
		// The person can still choose the field.
		expect(await page.locator('select#map-type option[value="binType"]').count()).toBe(1);
		await screenshot(page, 'import-council-375.png');

		await page.click('[data-testid="import-commit"]');
		await page.locator('[data-testid="import-result"]').waitFor({ timeout: 30_000 });
		expect(await page.locator('[data-testid="import-result"]').textContent()).toMatch(/6 new/);

		await openMap(page, server.url);
		await clickFeature(page, [-1.47652, 52.9219]);
		const card = page.getByTestId('feature-card');
		await card.waitFor();
		expect(await page.getByTestId('feature-title').textContent()).toBe('Bin 0001');
		const kept = card.locator('[data-field="sourceAttributes"]');
		expect(await kept.locator('h3').textContent()).toBe('Source attributes');
		expect(await kept.locator('[data-source-attribute="type"]').textContent()).toBe('Derby Auto Slimline');
		expect(await kept.locator('[data-source-attribute="Location"]').textContent()).toBe('Market Place, outside No. 12');
		expect(await kept.locator('[data-source-attribute="Direction"]').textContent()).toBe('N');
		expect(errors.filter((e) => !e.includes('GPU stall'))).toEqual([]);
	});

	it('shows how far the server has got while it checks and writes a large file', { timeout: 240_000 }, async () => {
		const rows = Array.from({ length: 60_000 }, (_, i) => `Bin ${i},installed,${(116.3 + (i % 300) / 10000).toFixed(5)},${(40 + Math.floor(i / 300) / 10000).toFixed(5)}`);
		await page.goto(`${server.url}/import`, { waitUntil: 'networkidle' });
		await page.setInputFiles('[data-testid="import-file"]', { name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(['name,status,lon,lat', ...rows].join('\n')) });
		await page.selectOption('[data-testid="import-kind"]', 'bins');
		const progress = page.locator('[data-testid="import-progress"]');
		const labels = new Set<string>();
		const watch = async (until: () => Promise<boolean>) => {
			while (!(await until())) {
				const text = await progress.textContent({ timeout: 100 }).catch(() => null);
				if (text) labels.add(text.trim());
				await page.waitForTimeout(100);
			}
		};
		await page.click('[data-testid="import-upload"]');
		await watch(() => page.locator('[data-testid="import-preview"]').isVisible());
		// Reading and checking 60,000 rows takes seconds: the page shows where the server is.
		expect([...labels].some((l) => /^(Reading the file…( \d+%)?|Checking rows: [\d,]+ of 60,000)$/.test(l)), [...labels].join(' | ')).toBe(true);

		labels.clear();
		await page.click('[data-testid="import-commit"]');
		await watch(() => page.locator('[data-testid="import-result"]').isVisible());
		expect([...labels].some((l) => /^Writing features: [\d,]+ of 60,000$/.test(l)), [...labels].join(' | ')).toBe(true);
		expect(await page.locator('[data-testid="import-result"]').textContent()).toMatch(/60,?000 new/);
		expect(errors).toEqual([]);
	});

	it('shows the server’s message for a file it refuses, and export links for every layer', async () => {
		await page.goto(`${server.url}/import`, { waitUntil: 'networkidle' });
		await page.setInputFiles('[data-testid="import-file"]', { name: 'evil.kml', mimeType: 'application/xml', buffer: Buffer.from('<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml/>') });
		await page.click('[data-testid="import-upload"]');
		await page.locator('[data-testid="import-error"]').waitFor();
		expect(await page.locator('[data-testid="import-error"]').textContent()).toMatch(/DOCTYPE/);
		// Three formats for every layer the server has.
		const layers = ((await (await fetch(`${server.url}/api/collections`)).json()) as { collections: unknown[] }).collections.length;
		expect(layers).toBeGreaterThanOrEqual(8);
		expect(await page.locator('[data-testid^="export-"]').count()).toBe(layers * 3);
		expect(await page.getAttribute('[data-testid="export-bins-kml"]', 'href')).toBe('/api/collections/bins/export?format=kml');
	});
});
