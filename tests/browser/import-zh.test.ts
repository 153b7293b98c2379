/**
 * The import page in Chinese, on a phone, over the demo community: a CSV with a coordinate that is
 * not a number and a status that is no status is previewed with every problem in Chinese (no code
 * shown), the 经度/纬度 columns shown as the position, and the preview drawn over the offline
 * basemap and the zones; a refused file is explained in Chinese too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, type RunningServer } from '../helpers/server';
import { launchBrowser, loginInBrowser, screenshot, watchErrors, type Browser } from '../helpers/browser';
import { ALL_IMPORT_CODES } from '../../src/lib/import/issue-codes';

let server: RunningServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
	server = await startServer({ seed: true });
	browser = await launchBrowser({ viewport: { width: 375, height: 800 }, isMobile: true, locale: 'zh-CN' });
	page = await browser.context.newPage();
	errors = watchErrors(page);
	await loginInBrowser(page, server.url, TEST_ADMIN_USERNAME, TEST_ADMIN_PASSWORD);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** Across the demo community; the fourth row's longitude is not a number, the third's status is none. */
const csv = '名称,状态,经度,纬度\n北门,已设置,116.3450,39.9990\n东门,已设置,116.3580,40.0080\n南门,坏了,116.3510,40.0040\n坏点,已设置,东经116,40.0050\n';

/** A code as it would show if the page printed it: whole, not inside a longer word. */
const shows = (text: string, code: string) => new RegExp(`(^|[^\\w.-])${code.replace(/[.-]/g, (c) => `\\${c}`)}($|[^\\w.-])`).test(text);

describe('import page in Chinese', () => {
	it('says every problem in Chinese, shows 经度/纬度 as the position and draws the preview over the basemap and the zones', async () => {
		await page.goto(`${server.url}/import`, { waitUntil: 'networkidle' });
		expect(await page.locator('h1').textContent()).toBe('导入与导出');
		await page.setInputFiles('[data-testid="import-file"]', { name: '垃圾桶.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.selectOption('[data-testid="import-kind"]', 'bins');
		await page.click('[data-testid="import-upload"]');
		const preview = page.locator('[data-testid="import-preview"]');
		await preview.waitFor({ timeout: 30_000 });
		await expect.poll(() => preview.textContent()).toContain('共 4 行：2 行可以导入，2 行有问题。');

		const coordinate = page.locator('[data-testid="import-issue"][data-code="csv.coordinates.not-number"]');
		expect(await coordinate.locator('.row').textContent()).toBe('第 5 行');
		expect(await coordinate.locator('.message').textContent()).toBe('经度“东经116”不是数字。');
		const status = page.locator('[data-testid="import-issue"][data-code="value.unknown"]');
		expect(await status.locator('.row').textContent()).toBe('第 4 行');
		expect(await status.locator('.message').textContent()).toMatch(/^状态：“坏了”不是可选值之一（规划、已设置、/);
		// The code is there for whoever hovers, never in the text.
		expect(await coordinate.getAttribute('title')).toBe('代码 csv.coordinates.not-number');
		const text = (await preview.innerText()) ?? '';
		expect(ALL_IMPORT_CODES.filter((code) => shows(text, code))).toEqual([]);
		expect(text).not.toMatch(/ is not | have problems|Row \d/);

		for (const [column, role] of [['经度', '经度'], ['纬度', '纬度']]) {
			const cell = page.locator(`[data-testid="position-column"][data-column="${column}"]`);
			expect(await cell.textContent()).toBe(`→ 位置（${role}）`);
			expect(await page.locator(`select#map-${column}`).count()).toBe(0);
		}
		expect(await page.locator('select#map-名称').inputValue()).toBe('name');
		expect(await page.locator('select#map-状态').inputValue()).toBe('status');
		expect(await page.locator('[data-testid="import-skip"]').evaluate((el) => el.parentElement!.textContent!.trim())).toBe('跳过有问题的 2 行');

		// The preview is drawn over the community: its buildings and the zones' outlines under the point.
		await page.waitForFunction(() => Boolean((window as unknown as { __importMap?: unknown }).__importMap), undefined, { timeout: 30_000 });
		const drawn = await page.evaluate(
			() =>
				new Promise<Record<string, number>>((resolve) => {
					const map = (window as unknown as { __importMap: import('maplibre-gl').Map }).__importMap;
					const count = () => {
						const layers = map.getStyle().layers.map((l) => l.id);
						const n = (id: string) => map.queryRenderedFeatures({ layers: [id] }).length;
						resolve({ order: layers.indexOf('zones-outline') < layers.indexOf('point') && layers.indexOf('buildings') < layers.indexOf('zones-outline') ? 1 : 0, buildings: n('buildings'), zones: n('zones-outline'), points: n('point') });
					};
					const ready = () => map.isSourceLoaded('zones') && map.isSourceLoaded('buildings') && map.isSourceLoaded('preview');
					if (ready() && !map.isMoving()) count();
					else map.once('idle', count);
				})
		);
		expect(drawn.order).toBe(1);
		expect(drawn.points).toBe(2);
		expect(drawn.zones).toBeGreaterThan(0);
		expect(drawn.buildings).toBeGreaterThan(0);
		expect(await page.locator('[data-testid="import-map-legend"]').innerText()).toMatch(/新增\s+更新\s+不变\s+片区/);
		// The preview map's own controls speak the page's language too.
		expect(await page.locator('[data-testid="import-map"] .maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('放大');
		expect(await page.locator('[data-testid="import-map"] canvas').getAttribute('aria-label')).toBe('地图');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
		await screenshot(page, 'import-preview-zh-375.png');
		expect(errors.filter((e) => !e.includes('GPU stall'))).toEqual([]);
	});

	it('explains a file it refuses in Chinese, without the code', async () => {
		await page.goto(`${server.url}/import`, { waitUntil: 'networkidle' });
		await page.setInputFiles('[data-testid="import-file"]', { name: 'evil.kml', mimeType: 'application/xml', buffer: Buffer.from('<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml/>') });
		await page.click('[data-testid="import-upload"]');
		const error = page.locator('[data-testid="import-error"]');
		await error.waitFor();
		expect(await error.textContent()).toBe('KML 文件包含 DOCTYPE 声明。出于安全考虑不接受此类声明（它可能使服务器读取其他文件）；请删除后重新上传。');
		expect(await error.getAttribute('data-code')).toBe('import.xml.doctype');

		await page.setInputFiles('[data-testid="import-file"]', { name: 'no-position.csv', mimeType: 'text/csv', buffer: Buffer.from('名称,地址\n北门,一号\n') });
		await page.click('[data-testid="import-upload"]');
		await expect.poll(() => error.textContent()).toBe('表头中没有找到坐标列（名称、地址）。请将其命名为“经度”和“纬度”（或 lon 和 lat），或提供名为 wkt 或 geometry 的 WKT 列。');
		expect(errors.filter((e) => !e.includes('GPU stall') && !e.includes('400'))).toEqual([]);
	});
});
