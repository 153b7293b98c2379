/** Numbers and dates as the report prints them, in the reader's language. */
import { formatNumber } from './summary-sentence';
import { withUnit } from '../i18n/units';

export function formatValue(value: number | null, unit: '%' | 'm' | 'count', locale: 'zh' | 'en', none: string): string {
	if (value === null) return none;
	if (unit === '%') return `${formatNumber(value, locale, 1)} %`;
	if (unit === 'm') return withUnit(formatNumber(value, locale), 'm', locale);
	return formatNumber(value, locale);
}

export function formatChange(change: number | null, unit: '%' | 'm' | 'count', locale: 'zh' | 'en'): string {
	if (change === null) return '—';
	if (change === 0) return '±0';
	const text = formatValue(Math.abs(change), unit, locale, '');
	return `${change > 0 ? '+' : '−'}${text}`;
}
