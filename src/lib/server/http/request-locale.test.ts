import { describe, expect, it } from 'vitest';
import { htmlLang, requestLocale } from './request-locale';

const request = (acceptLanguage?: string) => new Request('http://localhost/', { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });

describe('requestLocale', () => {
	it('follows Accept-Language, matching a region to its language', () => {
		expect(requestLocale(request('zh-CN,zh;q=0.9,en;q=0.8'), undefined)).toBe('zh');
		expect(requestLocale(request('zh-TW'), undefined)).toBe('zh');
		expect(requestLocale(request('en-GB,en;q=0.9'), undefined)).toBe('en');
		expect(requestLocale(request('de-DE,zh;q=0.5'), undefined)).toBe('zh');
	});

	it('answers English when nothing matches or nothing is asked', () => {
		expect(requestLocale(request('fr-FR,de;q=0.8'), undefined)).toBe('en');
		expect(requestLocale(request(), undefined)).toBe('en');
		expect(requestLocale(request('*'), undefined)).toBe('en');
	});

	it('puts a saved choice above the header, and an explicit parameter above both', () => {
		expect(requestLocale(request('zh-CN'), 'en')).toBe('en');
		expect(requestLocale(request('en'), 'zh')).toBe('zh');
		expect(requestLocale(request('en'), 'zh', 'en')).toBe('en');
		expect(requestLocale(request('en'), undefined, 'zh')).toBe('zh');
	});

	it('ignores a cookie or parameter that is no locale, and reads a region in one', () => {
		expect(requestLocale(request('zh'), 'klingon', 'xx')).toBe('zh');
		expect(requestLocale(request('en'), undefined, 'zh_CN')).toBe('zh');
		expect(requestLocale(request('zh'), undefined, 'en-US')).toBe('en');
	});

	it('answers in the fallback asked for when nothing is asked or nothing matches', () => {
		expect(requestLocale(request(), undefined, null, 'zh')).toBe('zh');
		expect(requestLocale(request('fr'), undefined, null, 'zh')).toBe('zh');
		expect(requestLocale(request('fr, en;q=0.5'), undefined, null, 'zh')).toBe('en');
	});

	it('names the html lang', () => {
		expect(htmlLang('zh')).toBe('zh-CN');
		expect(htmlLang('en')).toBe('en');
	});
});
