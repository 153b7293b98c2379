/**
 * A campaign rule's value as a reader of each language writes it, with its unit: "120 m" /
 * "120 米", "commercial street 100 m, main road 200 m, …" for spacing by road class. The rules
 * screen and the report's citations both say rules through here.
 */
import { RULE_UNITS, type Rules } from '../../domain/rules';
import { LEVEL_GRADES, VECTOR_INDEX_KEYS, VECTOR_INDEX_UNITS, type LevelThresholds, type VectorIndexKey } from '../../domain/vector-levels';
import type { Locale } from '../../domain/i18n-text';
import { formatNumber } from '../report/summary-sentence';
import { withUnit } from '../i18n/units';

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A number with a unit symbol (`m`, `%`, `days`, or none), in the reader's language. */
export function amountText(value: number, unit: string, locale: Locale): string {
	const n = formatNumber(value, locale, 2);
	return unit ? withUnit(n, unit, locale) : n;
}

/** One vector index's thresholds that are set: "C ≤ 3 %", "A ≤ 1, B ≤ 3, C ≤ 5"; null when none is. */
function thresholdsText(index: VectorIndexKey, thresholds: LevelThresholds, locale: Locale, separator: string): string | null {
	const set = LEVEL_GRADES.filter((g) => typeof thresholds[g] === 'number');
	return set.length === 0 ? null : set.map((g) => `${g} ≤ ${amountText(thresholds[g] as number, VECTOR_INDEX_UNITS[index], locale)}`).join(separator);
}

/**
 * A rule's value in words. `key` is a rule of `Rules`, or a requirement without a figure (null
 * value: the empty string, the caller says the requirement by name instead).
 */
export function ruleValueText(key: string, value: unknown, locale: Locale, t: Translate): string {
	const separator = t('edits.listSeparator');
	if (value === null || value === undefined) return '';
	if (key === 'binSpacingM' && isObject(value)) {
		return Object.entries(value)
			.map(([cls, m]) => `${t(`planning.classes.${cls}`)} ${amountText(Number(m), 'm', locale)}`)
			.join(separator);
	}
	if (key === 'hardeningTargetPct' && isObject(value)) {
		return t('rules.value.hardening', { values: { all: amountText(Number(value.all), '%', locale), alley: amountText(Number(value.alley), '%', locale) } });
	}
	if (key === 'vectorLevels' && isObject(value)) {
		const parts = VECTOR_INDEX_KEYS.flatMap((index) => {
			const text = isObject(value[index]) ? thresholdsText(index, value[index] as LevelThresholds, locale, separator) : null;
			return text ? [`${t(`rules.index.${index}`)} ${text}`] : [];
		});
		return parts.length ? parts.join(locale === 'zh' ? '；' : '; ') : t('rules.value.noLevels');
	}
	if (typeof value === 'number' && key in RULE_UNITS) return amountText(value, RULE_UNITS[key as Exclude<keyof Rules, 'vectorLevels'>], locale);
	return String(value);
}
