/**
 * Instants and calendar dates in a time zone: reading ISO 8601 strictly, and writing an instant as
 * the date, date and time, or ISO text a person in that zone reads. Stored instants carry their
 * offset; a date without a time ("2026-11-01") means the start of that day in the zone given, and
 * a date and time without an offset means that wall-clock time there.
 */
import { DateTime } from 'luxon';

// Date.parse accepts many informal forms ("May 1", "2024/5/1") and reads a date-time without an
// offset in the machine's zone; only ISO 8601 calendar dates and times are accepted here.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Milliseconds since the epoch of an ISO 8601 date or instant, else null (also for impossible
 * dates such as 2024-02-30, which Date.parse silently turns into 1 March). A date is the start of
 * that day in `timeZone`; a time without an offset is read as wall-clock time in `timeZone`.
 */
export function parseInstant(value: unknown, timeZone: string): number | null {
	if (typeof value !== 'string') return null;
	const text = value.trim();
	const m = ISO_INSTANT.exec(text);
	if (!m) return null;
	const [, y, mo, d, h, mi, s, fraction, offset] = m;
	if (h !== undefined && (+h > 23 || +mi > 59 || (s !== undefined && +s > 59))) return null;
	// With an offset the instant needs no zone rules: only the calendar date is checked, without
	// luxon, which was most of the time spent reading a million stored reports.
	if (offset) {
		if (!isCalendarDate(+y, +mo, +d)) return null;
		const ms = Date.parse(text);
		return Number.isFinite(ms) ? ms : null;
	}
	const wall = DateTime.fromObject(
		{ year: +y, month: +mo, day: +d, hour: +(h ?? 0), minute: +(mi ?? 0), second: +(s ?? 0), millisecond: fraction ? Math.floor(Number(fraction) * 1000) : 0 },
		{ zone: timeZone }
	);
	if (!wall.isValid || wall.day !== +d) return null;
	return wall.toMillis();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether year-month-day names a day of the (proleptic Gregorian) calendar. */
function isCalendarDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** Whether `value` is a calendar date written as YYYY-MM-DD (and a real one). */
export function isIsoDate(value: unknown): value is string {
	return typeof value === 'string' && ISO_DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

const inZone = (ms: number, timeZone: string) => DateTime.fromMillis(ms, { zone: timeZone });

/** The calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
	return inZone(ms, timeZone).toFormat('yyyy-MM-dd');
}

/** Date and wall-clock time of an instant in `timeZone`, as a datetime-local input shows it (YYYY-MM-DDTHH:mm). */
export function localDateTime(ms: number, timeZone: string): string {
	return inZone(ms, timeZone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** An instant as ISO 8601 text with the offset `timeZone` has then: 2026-10-01T00:00:00+08:00. */
export function instantText(ms: number, timeZone: string): string {
	return inZone(ms, timeZone).toISO({ suppressMilliseconds: true })!;
}

/** The start of a calendar date in `timeZone`, or null when `date` is not YYYY-MM-DD. */
export function dayStart(date: string, timeZone: string): number | null {
	return isIsoDate(date) ? parseInstant(date, timeZone) : null;
}

/** A calendar date `days` later (earlier when negative); calendar dates have no zone. */
export function addDays(date: string, days: number): string {
	return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toFormat('yyyy-MM-dd');
}
