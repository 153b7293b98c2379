/**
 * Dates and times as a person reads them, in the project's time zone and the reader's language,
 * never in the zone of the machine that happens to show them.
 */
import type { Locale } from '../i18n-text';

const tag = (locale: Locale) => (locale === 'zh' ? 'zh-CN' : 'en');

function instantOf(value: unknown): Date | null {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const d = new Date(value);
	return Number.isNaN(d.getTime()) ? null : d;
}

function format(value: unknown, timeZone: string, locale: Locale, options: Intl.DateTimeFormatOptions): string {
	const d = instantOf(value);
	return d ? new Intl.DateTimeFormat(tag(locale), { ...options, timeZone }).format(d) : '—';
}

/** "28 Nov 2026" / "2026年11月28日": the day an instant falls on in `timeZone`. */
export const formatDate = (value: unknown, timeZone: string, locale: Locale) => format(value, timeZone, locale, { dateStyle: 'medium' });

/** Date and time of day in `timeZone`. */
export const formatDateTime = (value: unknown, timeZone: string, locale: Locale) => format(value, timeZone, locale, { dateStyle: 'medium', timeStyle: 'short' });

/** Time of day in `timeZone`. */
export const formatTime = (value: unknown, timeZone: string, locale: Locale) => format(value, timeZone, locale, { timeStyle: 'short' });
