import { describe, expect, it } from 'vitest';
import en from '$lib/ui/i18n/messages/report.en.json';
import zh from '$lib/ui/i18n/messages/report.zh.json';
import { IntlMessageFormat } from 'intl-messageformat';
import { emptyProgressFigures } from '$lib/analysis/scorecard-progress';
import { summarySentence, type Translate } from './summary-sentence';
import { exclusiveEnd, lastDay, presetPeriod } from './period-presets';

/** svelte-i18n's own formatter (intl-messageformat) over the same message files. */
const translator = (messages: Record<string, unknown>, locale: string): Translate => (key, values) => {
	const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as string;
	return String(new IntlMessageFormat(text, locale).format(values));
};

const totals = { ...emptyProgressFigures(), binsAdded: 8, boardsRenewed: 1, roadHardenedM: 350.4, roadHardenedM2: 2000.2, hotspotsReported: 12, hotspotsResolved: 9 };

describe('summarySentence', () => {
	it('says what was done in English, with grouped numbers, leaving out zeros', () => {
		expect(summarySentence(totals, translator(en, 'en'))).toBe(
			'This period: 8 bins added, 2,000 m² of road hardened (350 m), 1 display board renewed, 12 hotspots reported, 9 hotspots resolved.'
		);
	});

	it('says it in Chinese', () => {
		expect(summarySentence(totals, translator(zh, 'zh-CN'))).toBe('本期新增垃圾桶 8 个，硬化道路 2,000 平方米（350 米），更新宣传栏 1 块，上报卫生死角 12 处，整改卫生死角 9 处。');
	});

	it('says when nothing was done', () => {
		expect(summarySentence(emptyProgressFigures(), translator(en, 'en'))).toBe('No progress was recorded in this period.');
	});
});

describe('period presets', () => {
	const now = Date.parse('2026-11-28T18:00:00Z'); // a Saturday
	it('gives weeks from Monday, calendar months and quarters, half-open', () => {
		expect(presetPeriod('week', 'current', now)).toEqual({ from: '2026-11-23', to: '2026-11-30' });
		expect(presetPeriod('week', 'previous', now)).toEqual({ from: '2026-11-16', to: '2026-11-23' });
		expect(presetPeriod('month', 'previous', now)).toEqual({ from: '2026-10-01', to: '2026-11-01' });
		expect(presetPeriod('quarter', 'current', now)).toEqual({ from: '2026-10-01', to: '2027-01-01' });
		expect(presetPeriod('quarter', 'previous', Date.parse('2026-02-10T00:00:00Z'))).toEqual({ from: '2025-10-01', to: '2026-01-01' });
	});
	it('converts between the inclusive dates people pick and the half-open period', () => {
		expect(lastDay('2026-11-01')).toBe('2026-10-31');
		expect(exclusiveEnd('2026-10-31')).toBe('2026-11-01');
	});
});
