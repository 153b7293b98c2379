/**
 * The report page in a real Chromium on the demo community plus edits: it renders the summary,
 * the scorecard, charts and maps, works at phone width, links a failing item to the map, and the
 * PDF the server prints (Chromium's page.pdf) carries the summary sentence with the numbers, read
 * back with pdftotext (Debian's poppler-utils). The server's clock is pinned (SANIMAP_NOW) to a
 * Wednesday morning in the project's zone; the demo's history ends in the week before, on another
 * day, so the day's figures are the edits made here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../helpers/server';
import { launchBrowser, screenshot, watchErrors, type Browser } from '../helpers/browser';
import { apiClient, point } from '../api/api-client';

let server: RunningServer;
let browser: Browser;
const NOW = '2026-11-25T10:00:00+08:00';
const from = '2026-11-25';
const to = '2026-11-26';
const query = `from=${from}&to=${to}`;

function pdftotext(pdf: Buffer): string {
	const file = join(mkdtempSync(join(tmpdir(), 'sanimap-pdf-test-')), 'report.pdf');
	writeFileSync(file, pdf);
	try {
		return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
			throw new Error('pdftotext is missing: install Debian\'s poppler-utils (apt-get install -y poppler-utils; .ci/run does it).');
		}
		throw e;
	}
}
/** pdftotext breaks lines and pads columns; compare words, not layout. */
const words = (text: string) => text.replace(/\s+/g, ' ');
/** Chinese text has no spaces between words: drop them all. */
const glyphs = (text: string) => text.replace(/\s+/g, '');

beforeAll(async () => {
	server = await startServer({ seed: true, env: { SANIMAP_NOW: NOW } });
	const api = apiClient(server.url, await server.login());
	// Today's work: three bins, a board renewed, a contract signed.
	for (const lon of [116.3505, 116.3515, 116.3525]) await api.create('bins', point(lon, 40.0035), { status: 'installed' });
	const boards = (await api.get('/api/collections/display-boards/items')).body.features;
	const board = boards.find((b: any) => b.properties.contentUpdatedAt < from);
	expect((await api.patch(`/api/collections/display-boards/items/${board.id}`, { properties: { contentUpdatedAt: from } }, { 'if-match': `"${board.version}"` })).status).toBe(200);
	const shops = (await api.get('/api/collections/shops/items')).body.features;
	const shop = shops.find((s: any) => !s.properties.frontageContract);
	expect((await api.patch(`/api/collections/shops/items/${shop.id}`, { properties: { frontageContract: from } }, { 'if-match': `"${shop.version}"` })).status).toBe(200);
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the report page', () => {
	it('renders the summary, scorecard, charts and maps for the period', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await page.goto(`${server.url}/report?${query}&lang=en`);
		await page.waitForSelector('[data-report-ready="true"]', { timeout: 60_000 });
		const sentence = await page.getByTestId('summary-sentence').textContent();
		expect(sentence).toContain('3 bins added');
		expect(sentence).toContain('1 display board renewed');
		expect(sentence).toContain('1 frontage contract signed');
		expect(await page.locator('table.scorecard tbody tr').count()).toBe(11); // community + 10 zones
		expect(await page.locator('canvas').count()).toBe(2);
		expect(await page.locator('figure.map-figure svg path').count()).toBeGreaterThan(100);
		await screenshot(page, 'report-en.png');
		expect(errors).toEqual([]);
		await page.close();
	}, 120_000);

	it('opens on last month of the server clock, with its progress from the demo history', async () => {
		const page = await browser.context.newPage();
		const errors = watchErrors(page);
		await page.goto(`${server.url}/report`);
		await page.waitForSelector('[data-report-ready="true"]', { timeout: 60_000 });
		expect(await page.locator('p.period').textContent()).toBe('2026-10-01 – 2026-10-31');
		expect(await page.getByTestId('summary-sentence').textContent()).toMatch(/\d+ hotspots? reported/);
		expect(await page.locator('table.scorecard tbody tr').count()).toBe(11);
		// The presets follow the server's clock and zone too: last week is Monday 16 to Sunday 22 November.
		await page.locator('nav.picker select').selectOption('week');
		expect(await page.getByRole('link', { name: /^Last week$/i }).getAttribute('href')).toBe('/report?from=2026-11-16&to=2026-11-23');
		expect(errors).toEqual([]);
		await page.close();
	}, 120_000);

	it('says in one sentence that a period before the history has no figures', async () => {
		const page = await browser.context.newPage();
		await page.goto(`${server.url}/report?from=2020-01-01&to=2020-02-01`);
		const notice = page.getByTestId('no-history');
		await notice.waitFor();
		expect(await notice.textContent()).toMatch(/^sanimap has no record before \d{4}-\d{2}-\d{2}: there are no figures for this period\.$/);
		expect(await page.locator('table.scorecard').count()).toBe(0);
		await page.close();
	}, 120_000);

	it('fits a phone screen and links a failing item to the map, where it is selected', async () => {
		const page = await browser.context.newPage();
		await page.setViewportSize({ width: 375, height: 800 });
		await page.goto(`${server.url}/report?${query}&lang=zh`);
		await page.waitForSelector('[data-report-ready="true"]', { timeout: 60_000 });
		expect(await page.getByTestId('summary-sentence').textContent()).toContain('本期新增垃圾桶 3 个');
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(1);
		await screenshot(page, 'report-zh-phone.png');
		const link = page.locator('.readiness a[href^="/?select="]').first();
		const href = await link.getAttribute('href');
		const [, collection, id] = /select=([^:]+):(\d+)/.exec(href!)!;
		await page.setViewportSize({ width: 1280, height: 800 });
		await link.click();
		await page.waitForFunction(
			([c, i]) => {
				const sel = (window as any).__sanimap?.editor?.selection;
				return sel?.collection === c && sel?.id === Number(i);
			},
			[collection, id],
			{ timeout: 60_000 }
		);
		await page.close();
	}, 180_000);
});

describe('the PDF', () => {
	it('prints A4 in English with the summary sentence and its numbers', async () => {
		const res = await fetch(`${server.url}/api/reports/pdf?${query}&lang=en`);
		expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		const pdf = Buffer.from(await res.arrayBuffer());
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		const text = words(pdftotext(pdf));
		expect(text).toContain('This period: 3 bins added, 1 display board renewed, 1 frontage contract signed.');
		expect(text).toContain('Scorecard against the standard');
		expect(text).toContain('© OpenStreetMap contributors');
	}, 240_000);

	it('prints in Chinese', async () => {
		const res = await fetch(`${server.url}/api/reports/pdf?${query}&lang=zh`);
		expect(res.status).toBe(200);
		const text = glyphs(pdftotext(Buffer.from(await res.arrayBuffer())));
		expect(text).toContain('本期新增垃圾桶3个，更新宣传栏1块，签订门前三包1份。');
		expect(text).toContain('达标评分表');
	}, 240_000);
});
