/**
 * Pages reach the reader in their language from the first byte: the server renders in the language
 * of `?lang=`, the saved choice (cookie) or `Accept-Language`, and says so in `<html lang>`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(() => server?.stop());

async function page(path: string, headers: Record<string, string> = {}): Promise<string> {
	const res = await fetch(server.url + path, { headers });
	expect(res.status).toBe(200);
	return res.text();
}

const htmlLang = (html: string) => /<html lang="([^"]*)"/.exec(html)?.[1];
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

describe('the language a page is rendered in', () => {
	it('is Chinese for a Chinese browser, before any script runs', async () => {
		const html = await page('/', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
		expect(htmlLang(html)).toBe('zh-CN');
		expect(title(html)).toBe('sanimap — 创卫工作地图');
	});

	it('is English for an English or unknown browser, and without the header', async () => {
		for (const headers of [{ 'accept-language': 'en-GB,en;q=0.9' }, { 'accept-language': 'fr-FR' }, {}] as Record<string, string>[]) {
			const html = await page('/report', headers);
			expect(htmlLang(html)).toBe('en');
			expect(title(html)).toBe('Campaign report — sanimap');
		}
	});

	it('follows the saved choice over the browser, and ?lang= over both', async () => {
		const saved = await page('/login', { 'accept-language': 'zh-CN', cookie: 'sanimap-locale=en' });
		expect(htmlLang(saved)).toBe('en');
		expect(title(saved)).toBe('Sign in — sanimap');
		const asked = await page('/report?lang=zh', { 'accept-language': 'en', cookie: 'sanimap-locale=en' });
		expect(htmlLang(asked)).toBe('zh-CN');
		expect(title(asked)).toBe('创卫工作报告 — sanimap');
	});

	it('keeps requests apart: interleaved zh and en pages each get their own language', async () => {
		const langs = ['zh', 'en', 'zh', 'en', 'zh', 'en'];
		const pages = await Promise.all(langs.map((l) => page('/login', { 'accept-language': l })));
		expect(pages.map(htmlLang)).toEqual(langs.map((l) => (l === 'zh' ? 'zh-CN' : 'en')));
		const titles = pages.map(title);
		expect(new Set(titles.filter((_, i) => langs[i] === 'zh')).size).toBe(1);
		expect(titles[0]).not.toBe(titles[1]);
	});
});
