/**
 * Report periods the picker offers: this or last week (ISO, Monday first), month or quarter, in
 * UTC like every date of the report, as half-open [from, to) dates ("2026-10-01" to "2026-11-01").
 */
export type PeriodUnit = 'week' | 'month' | 'quarter';

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function presetPeriod(unit: PeriodUnit, which: 'current' | 'previous', now: number): { from: string; to: string } {
	const d = new Date(now);
	if (unit === 'week') {
		const today = Math.floor(now / DAY_MS) * DAY_MS;
		const monday = today - ((d.getUTCDay() + 6) % 7) * DAY_MS - (which === 'previous' ? 7 * DAY_MS : 0);
		return { from: day(monday), to: day(monday + 7 * DAY_MS) };
	}
	const months = unit === 'month' ? 1 : 3;
	const startMonth = Math.floor(d.getUTCMonth() / months) * months - (which === 'previous' ? months : 0);
	return { from: day(Date.UTC(d.getUTCFullYear(), startMonth, 1)), to: day(Date.UTC(d.getUTCFullYear(), startMonth + months, 1)) };
}

/** The last day a half-open period includes, for showing "1 Oct – 31 Oct". */
export function lastDay(toExclusive: string): string {
	return day(Date.parse(toExclusive.length === 10 ? `${toExclusive}T00:00:00Z` : toExclusive) - 1);
}

/** A period from an inclusive end date (what a date input gives) to the half-open form. */
export function exclusiveEnd(inclusiveTo: string): string {
	return day(Date.parse(`${inclusiveTo}T00:00:00Z`) + DAY_MS);
}
