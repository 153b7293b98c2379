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
	const utc = canonicalUtc(value);
	if (utc !== undefined) return utc;
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

/** The digit at `at` of `text` as a number, or -1000 for any other character (so a sum of them goes negative). */
function digitAt(text: string, at: number): number {
	const c = text.charCodeAt(at) - 48;
	return c >= 0 && c <= 9 ? c : -1000;
}

/**
 * An instant written as toISOString writes it (`2024-05-01T08:00:00.000Z`: what the stores keep
 * and the city's files hold), read by character codes: null when it names no instant, undefined
 * when it is written otherwise (the pattern then reads it). Building a million hotspots' state
 * reads three dates each, and the pattern's match and Date.parse were a quarter of that.
 */
function canonicalUtc(t: string): number | null | undefined {
	if (t.length !== 24 || t.charCodeAt(23) !== 90 || t.charCodeAt(10) !== 84 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 46) {
		return undefined;
	}
	const y = digitAt(t, 0) * 1000 + digitAt(t, 1) * 100 + digitAt(t, 2) * 10 + digitAt(t, 3);
	const mo = digitAt(t, 5) * 10 + digitAt(t, 6), d = digitAt(t, 8) * 10 + digitAt(t, 9);
	const h = digitAt(t, 11) * 10 + digitAt(t, 12), mi = digitAt(t, 14) * 10 + digitAt(t, 15), s = digitAt(t, 17) * 10 + digitAt(t, 18);
	const ms = digitAt(t, 20) * 100 + digitAt(t, 21) * 10 + digitAt(t, 22);
	// A sign of a non-digit, and years 0–99, which Date.UTC reads as 1900–1999: left to the pattern.
	if (y < 100 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || ms < 0) return undefined;
	if (h > 23 || mi > 59 || s > 59 || !isCalendarDate(y, mo, d)) return null;
	return Date.UTC(y, mo - 1, d, h, mi, s, ms);
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
