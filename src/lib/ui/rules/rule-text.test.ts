import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_RULES, RULE_SOURCES } from '../../domain/rules';
import { amountText, ruleValueText } from './rule-text';
import { issueText, overridesFrom, draftOf } from './rules-draft';

const dir = join(import.meta.dirname, '..', 'i18n', 'messages');
/** The app's own messages, formatted as svelte-i18n formats them. */
function translator(locale: 'zh' | 'en') {
	const all = readdirSync(dir)
		.filter((f) => f.endsWith(`.${locale}.json`))
		.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
	return (key: string, options?: { values?: Record<string, string | number> }) => {
		const text = all.map((m) => key.split('.').reduce<any>((node, part) => node?.[part], m)).find((v) => typeof v === 'string');
		if (!text) throw new Error(`no message ${key}`);
		return String(new IntlMessageFormat(text, locale).format(options?.values ?? {}));
	};
}
const zh = translator('zh');
const en = translator('en');

describe('rules in words', () => {
	it('carry their units, in each language', () => {
		expect(amountText(120, 'm', 'zh')).toBe('120 米');
		expect(ruleValueText('collectionPointRadiusM', 120, 'en', en)).toBe('120 m');
		expect(ruleValueText('hotspotDeadlineDays', 7, 'zh', zh)).toBe('7 天');
		expect(ruleValueText('binSpacingM', { commercial: 100, main: 200 }, 'zh', zh)).toBe('商业街 100 米、主干路 200 米');
		expect(ruleValueText('hardeningTargetPct', { all: 90, alley: 100 }, 'en', en)).toBe('90 % of all roads, alleys 100 %');
		expect(ruleValueText('vectorLevels', DEFAULT_RULES.vectorLevels, 'en', en)).toContain('Mosquito container index C ≤ 3 %');
	});

	it('cite their sources without guessing words', () => {
		for (const source of Object.values(RULE_SOURCES)) {
			expect(source.en).not.toMatch(/likely/i);
			expect(source.zh).not.toContain('可能');
		}
	});

	it("say the server's refusal naming the figure and its range", () => {
		const ranges = { binSpacingM: { min: 10, max: 2000, unit: 'm' } };
		const issue = { code: 'rules.out-of-range', message: 'binSpacingM.main must be from 10 to 2000 m, got 5.', path: 'binSpacingM.main' };
		expect(issueText(issue, ranges, 'zh', zh)).toBe('道路垃圾桶间距（主干路）：数值须在 10 至 2000 米之间。');
		expect(issueText(issue, ranges, 'en', en)).toBe('Bin spacing along a road (Main road): the value must be from 10 to 2000 m.');
	});

	it('send only the figures changed, over what the project already set', () => {
		const doc = { rules: { ...DEFAULT_RULES, hotspotDeadlineDays: 5 }, overrides: { hotspotDeadlineDays: 5 } };
		const draft = { ...draftOf(doc.rules), binWalkingRadiusM: '80', 'vectorLevels.flyRoomPositivePct.C': '', 'binSpacingM.alley': 'x' };
		expect(overridesFrom(draft, doc)).toEqual({
			overrides: { hotspotDeadlineDays: 5, binWalkingRadiusM: 80, binSpacingM: { alley: 'x' }, vectorLevels: { flyRoomPositivePct: { C: null } } },
			changed: ['binWalkingRadiusM', 'binSpacingM.alley', 'vectorLevels.flyRoomPositivePct.C']
		});
	});
});
