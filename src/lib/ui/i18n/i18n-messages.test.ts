import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';

const dir = join(import.meta.dirname, 'messages');

const message = (locale: 'zh' | 'en', area: string, key: string): string =>
	key.split('.').reduce<any>((node, part) => node[part], JSON.parse(readFileSync(join(dir, `${area}.${locale}.json`), 'utf8')));
const format = (locale: 'zh' | 'en', area: string, key: string, values: Record<string, unknown>) =>
	new IntlMessageFormat(message(locale, area, key), locale).format(values);

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
	return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('UI messages', () => {
	const areas = [...new Set(readdirSync(dir).map((f) => f.replace(/\.(en|zh)\.json$/, '')))];
	it.each(areas)('%s has the same keys in zh and en', (area) => {
		const en = JSON.parse(readFileSync(join(dir, `${area}.en.json`), 'utf8'));
		const zh = JSON.parse(readFileSync(join(dir, `${area}.zh.json`), 'utf8'));
		expect(keys(zh).sort()).toEqual(keys(en).sort());
	});

	it('no two areas define the same top-level key', () => {
		const seen = new Map<string, string>();
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.en.json'))) {
			for (const key of Object.keys(JSON.parse(readFileSync(join(dir, file), 'utf8')))) {
				expect(seen.get(key), `${key} in ${file} and ${seen.get(key)}`).toBeUndefined();
				seen.set(key, file);
			}
		}
	});

	it.each(areas.flatMap((area) => (['zh', 'en'] as const).map((locale) => [area, locale] as const)))('every %s message in %s is valid ICU', (area, locale) => {
		const leaves = (obj: Record<string, unknown>, prefix = ''): [string, string][] =>
			Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)] as [string, string]]));
		const messages = JSON.parse(readFileSync(join(dir, `${area}.${locale}.json`), 'utf8'));
		for (const [key, text] of leaves(messages)) expect(() => new IntlMessageFormat(text, locale), key).not.toThrow();
	});

	it('says how late a case is, a case under a day late included', () => {
		const overdue = (locale: 'zh' | 'en', days: number) => format(locale, 'hotspots', 'hotspots.cases.overdue', { days });
		expect([0, 1, 3].map((d) => overdue('en', d))).toEqual(['Overdue by less than a day', 'Overdue 1 day', 'Overdue 3 days']);
		expect([0, 1, 3].map((d) => overdue('zh', d))).toEqual(['逾期不足 1 天', '逾期 1 天', '逾期 3 天']);
	});

	it('says which bins the coverage counts', () => {
		const summary = (locale: 'zh' | 'en', planned: string) => format(locale, 'planning', 'planning.coverage.summary', { covered: 8, targets: 10, radius: 70, planned });
		expect(summary('en', 'no')).toBe('8 of 10 buildings within 70 m of an installed bin');
		expect(summary('en', 'yes')).toBe('8 of 10 buildings within 70 m of a bin, planned ones included');
		expect(summary('zh', 'no')).toBe('10 栋建筑中有 8 栋在已设置的垃圾桶 70 米范围内');
	});
});
