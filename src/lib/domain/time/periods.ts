/**
 * Calendar periods cut in a time zone: days, ISO weeks (Monday first), months and quarters, as
 * half-open ranges of instants [from, to) so that consecutive periods never count a thing twice.
 * One module for the server, the browser and the command line, so "last month" is the same
 * everywhere. Arithmetic is on the zone's wall clock (luxon): a week is from Monday 00:00 to the
 * next Monday 00:00 there, 167 or 169 hours across a daylight-saving change.
 */
import { DateTime } from 'luxon';
import { addDays, localDate } from './instants';

export const PERIOD_UNITS = ['day', 'week', 'month', 'quarter'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface Period {
	/** Inclusive start, ms. */
	from: number;
	/** Exclusive end, ms. */
	to: number;
}

const PLURAL = { day: 'days', week: 'weeks', month: 'months', quarter: 'quarters' } as const;

/** Start of the period of `unit` containing the instant `ms`, in `timeZone`. */
export function periodStart(ms: number, unit: PeriodUnit, timeZone: string): number {
	return DateTime.fromMillis(ms, { zone: timeZone }).startOf(unit).toMillis();
}

/** `ms` moved by `count` units of the zone's calendar (a month from 31 January is the end of February). */
export function addPeriods(ms: number, unit: PeriodUnit, count: number, timeZone: string): number {
	return DateTime.fromMillis(ms, { zone: timeZone }).plus({ [PLURAL[unit]]: count }).toMillis();
}

/** The period of `unit` containing `ms`, or the one `shift` periods after it (before it when negative). */
export function periodContaining(ms: number, unit: PeriodUnit, timeZone: string, shift = 0): Period {
	const from = addPeriods(periodStart(ms, unit, timeZone), unit, shift, timeZone);
	return { from, to: addPeriods(from, unit, 1, timeZone) };
}

/**
 * Every period of `unit` that overlaps [from, to), in order and without gaps; the first may start
 * before `from` and the last end after `to`.
 */
export function periodsOverlapping(range: Period, unit: PeriodUnit, timeZone: string): Period[] {
	const periods: Period[] = [];
	for (let from = periodStart(range.from, unit, timeZone); from < range.to; ) {
		const to = addPeriods(from, unit, 1, timeZone);
		periods.push({ from, to });
		from = to;
	}
	return periods;
}

/** A period as the calendar dates a date input and a query string use: [from, to), "2026-10-01" to "2026-11-01". */
export interface DatePeriod {
	from: string;
	/** Exclusive: the day after the last day included. */
	to: string;
}

/**
 * The current or the previous week, month or quarter at `now`, as calendar dates in `timeZone`:
 * what the report's period picker and the hotspot tab's "last month" offer.
 */
export function presetPeriod(unit: PeriodUnit, which: 'current' | 'previous', now: number, timeZone: string): DatePeriod {
	const { from, to } = periodContaining(now, unit, timeZone, which === 'previous' ? -1 : 0);
	return { from: localDate(from, timeZone), to: localDate(to, timeZone) };
}

/** The last day a half-open date period includes, for showing "1 Oct – 31 Oct". */
export function lastDay(toExclusive: string): string {
	return addDays(toExclusive, -1);
}

/** A period from an inclusive end date (what a date input gives) to the half-open form. */
export function exclusiveEnd(inclusiveTo: string): string {
	return addDays(inclusiveTo, 1);
}
