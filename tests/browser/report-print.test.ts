/**
 * The printed report fits A4, in Chinese and in English. Two checks on the demo community's last
 * month, with the server's clock pinned:
 *
 * - the page in print media at the width of an A4 page's printable area (210 mm less the 10 mm side
 *   margins the server prints with): no chart, map, legend or table reaches past the margins, no two
 *   of them overlap, and every chart's canvas stays inside its own box;
 * - the PDF the server prints, rendered to PNG by pdftoppm (Debian's poppler-utils): nothing is drawn
 *   in the page margins, and no page but the last is left mostly empty. The PNGs are kept under
 *   test-results/report-print/ to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { startServer, type RunningServer } from '../helpers/server';
import { ARTIFACTS_DIR, launchBrowser, watchErrors, type Browser } from '../helpers/browser';

let server: RunningServer;
let browser: Browser;
const NOW = '2026-11-25T10:00:00+08:00';
const query = 'from=2026-10-01&to=2026-11-01';
const OUT = join(ARTIFACTS_DIR, 'report-print');

/** A4 at CSS's 96 px per inch, and the margins the server prints with (report-pdf.ts). */
const MM = 96 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const MARGIN = { side: 10 * MM, top: 12 * MM };
const PRINTABLE_WIDTH = Math.floor(A4.width - 2 * MARGIN.side);
const LOCALES = ['zh', 'en'] as const;

beforeAll(async () => {
	server = await startServer({ seed: true, env: { SANIMAP_NOW: NOW } });
	browser = await launchBrowser({ viewport: { width: PRINTABLE_WIDTH, height: 1100 } });
	rmSync(OUT, { recursive: true, force: true });
	mkdirSync(OUT, { recursive: true });
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

interface Box {
	what: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The boxes of what must fit: chart figures and their canvases, maps and their legends, tables, section headings. */
async function printedBoxes(lang: string): Promise<{ boxes: Box[]; canvases: { canvas: Box; box: Box }[] }> {
	const page = await browser.context.newPage();
	const errors = watchErrors(page);
	await page.emulateMedia({ media: 'print' });
	await page.goto(`${server.url}/report?${query}&print=1&lang=${lang}`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector('[data-report-ready="true"]', { timeout: 60_000 });
	// Charts follow their box's size on the next frame.
	await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
	const result = await page.evaluate(() => {
		const box = (el: Element, what: string) => {
			const r = el.getBoundingClientRect();
			return { what, x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
		};
		const name = (el: Element, i: number) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''}#${i} "${(el.querySelector('figcaption, caption, th')?.textContent ?? '').trim().slice(0, 30)}"`;
		const blocks = [...document.querySelectorAll('.charts figure, figure.map-figure, table')].map((el, i) => box(el, name(el, i)));
		const legends = [...document.querySelectorAll('figure.map-figure .legend')].map((el, i) => box(el, `legend#${i}`));
		const headings = [...document.querySelectorAll('h2')].map((el, i) => box(el, `h2#${i} "${el.textContent?.trim()}"`));
		const canvases = [...document.querySelectorAll('.charts canvas')].map((el, i) => ({ canvas: box(el, `canvas#${i}`), box: box(el.parentElement!, `chart box#${i}`) }));
		// Whatever reaches past the page's right edge (inside a map's SVG, shapes are clipped to it).
		const past = [...document.querySelectorAll('.report *')]
			.filter((el) => !(el instanceof SVGElement && el.ownerSVGElement) && el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
			.slice(0, 3)
			.map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} to ${Math.round(el.getBoundingClientRect().right)}`);
		return { boxes: [...blocks, ...legends, ...headings], canvases, width: document.documentElement.scrollWidth, past };
	});
	expect(result.past, 'reaches past the right margin').toEqual([]);
	expect(result.width, 'the page scrolls sideways in print').toBeLessThanOrEqual(PRINTABLE_WIDTH + 1);
	expect(errors).toEqual([]);
	await page.close();
	return result;
}

const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
const inside = (inner: Box, outer: Box) => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

/** Rows of non-white pixels: the first and last, and whether any fall in the side or top/bottom margins. */
async function inkOf(png: string) {
	const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
	const { width, height } = info;
	const scale = width / A4.width;
	const side = Math.floor(MARGIN.side * scale) - 1;
	const top = Math.floor(MARGIN.top * scale) - 1;
	let first = -1;
	let last = -1;
	const inMargin: string[] = [];
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			if (data[y * width + x] > 235) continue;
			if (first < 0) first = y;
			last = y;
			if (x < side || x >= width - side) inMargin.push(`side at (${x}, ${y})`);
			else if (y < top || y >= height - top) inMargin.push(`top or bottom at (${x}, ${y})`);
		}
	}
	return { height, first, last, inMargin };
}

describe('the printed report on A4', () => {
	it.each(LOCALES)('lays out in %s within the margins, with nothing over anything else', async (lang) => {
		const { boxes, canvases } = await printedBoxes(lang);
		expect(boxes.filter((b) => b.what.startsWith('figure')).length).toBeGreaterThanOrEqual(5); // two charts, three maps
		const outside = boxes.filter((b) => b.x < -0.5 || b.x + b.width > PRINTABLE_WIDTH + 0.5).map((b) => `${b.what}: ${Math.round(b.x)}–${Math.round(b.x + b.width)} of ${PRINTABLE_WIDTH}`);
		expect(outside).toEqual([]);
		const overlapping: string[] = [];
		for (let i = 0; i < boxes.length; i++) {
			for (let j = i + 1; j < boxes.length; j++) {
				const [a, b] = [boxes[i], boxes[j]];
				// A map's legend lies inside its own figure.
				if ((a.what.startsWith('legend') && inside(a, b)) || (b.what.startsWith('legend') && inside(b, a))) continue;
				if (overlap(a, b) > 1) overlapping.push(`${a.what} and ${b.what}`);
			}
		}
		expect(overlapping).toEqual([]);
		expect(canvases.length).toBe(2);
		for (const { canvas, box } of canvases) expect(inside(canvas, box), `${canvas.what} ${JSON.stringify(canvas)} in ${JSON.stringify(box)}`).toBe(true);
	}, 120_000);

	it.each(LOCALES)('prints the PDF in %s with nothing in the margins and no page left mostly empty', async (lang) => {
		const res = await fetch(`${server.url}/api/reports/pdf?${query}&lang=${lang}`);
		expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(200);
		const pdf = join(OUT, `report-${lang}.pdf`);
		writeFileSync(pdf, Buffer.from(await res.arrayBuffer()));
		execFileSync('pdftoppm', ['-r', '72', '-png', pdf, join(OUT, `report-${lang}`)]);
		const pages = readdirSync(OUT).filter((f) => f.startsWith(`report-${lang}-`) && f.endsWith('.png')).sort();
		expect(pages.length).toBeGreaterThan(1);
		const problems: string[] = [];
		for (const [i, file] of pages.entries()) {
			const ink = await inkOf(join(OUT, file));
			if (ink.inMargin.length) problems.push(`page ${i + 1}: drawn in the margin, ${ink.inMargin.length} pixels, first ${ink.inMargin[0]}`);
			// Every page but the last is filled at least half way down.
			if (i < pages.length - 1 && ink.last < ink.height * 0.5) problems.push(`page ${i + 1}: empty below ${Math.round((100 * ink.last) / ink.height)} %`);
		}
		expect(problems, `see ${OUT}`).toEqual([]);
	}, 240_000);
});
