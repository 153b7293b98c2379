import { describe, expect, it } from 'vitest';
import en from '$lib/ui/i18n/messages/report.en.json';
import zh from '$lib/ui/i18n/messages/report.zh.json';
import { IntlMessageFormat } from 'intl-messageformat';
import { emptyProgressFigures } from '$lib/analysis/scorecard-progress';
import { summarySentence, type Translate } from './summary-sentence';

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
