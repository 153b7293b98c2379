import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, dayStart, instantText, isIsoDate, localDate, localDateTime, parseInstant } from './instants';

const SH = 'Asia/Shanghai';
const ms = (iso: string) => Date.parse(iso);

describe('parseInstant', () => {
	it('reads a date as the start of that day in the zone, and a time without an offset as wall-clock time there', () => {
		expect(parseInstant('2026-11-01', SH)).toBe(ms('2026-10-31T16:00:00Z'));
		expect(parseInstant('2026-11-01', 'UTC')).toBe(ms('2026-11-01T00:00:00Z'));
		expect(parseInstant('2026-11-01T07:00', SH)).toBe(ms('2026-10-31T23:00:00Z'));
		expect(parseInstant('2026-11-01T07:00:30.250', SH)).toBe(ms('2026-10-31T23:00:30.250Z'));
		// Summer time in Los Angeles: midnight is UTC−7.
		expect(parseInstant('2026-07-01', 'America/Los_Angeles')).toBe(ms('2026-07-01T07:00:00Z'));
	});

	it('reads an instant with an offset as that instant, whatever the zone', () => {
		for (const zone of [SH, 'UTC', 'America/Los_Angeles']) {
			expect(parseInstant('2026-10-31T17:30:00Z', zone)).toBe(ms('2026-10-31T17:30:00Z'));
			expect(parseInstant('2026-11-01T01:30:00+08:00', zone)).toBe(ms('2026-10-31T17:30:00Z'));
			expect(parseInstant('2026-11-01T01:30:00+0800', zone)).toBe(ms('2026-10-31T17:30:00Z'));
		}
	});

	it('reads every instant with an offset as Date.parse does, and refuses the offsets it refuses', () => {
		const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
				two(12).filter((m) => m !== '00'),
				two(28).filter((d) => d !== '00'),
				two(23),
				two(59),
				fc.option(two(59)),
				fc.option(fc.stringMatching(/^\.\d{1,6}$/)),
				fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), two(26), fc.constantFrom(':', ''), two(61)).map((p) => p.join(''))),
				(y, mo, d, h, mi, s, fraction, offset) => {
					const text = `${y}-${mo}-${d}T${h}:${mi}${s === null ? '' : `:${s}${fraction ?? ''}`}${offset}`;
					const parsed = Date.parse(text);
					expect(parseInstant(text, SH)).toBe(Number.isFinite(parsed) ? parsed : null);
				}
			),
			{ numRuns: 2000 }
		);
	});

	it('rejects informal forms, impossible dates and non-strings', () => {
		for (const bad of ['May 1, 2024', '2024/05/01', '2024-02-30', '2023-02-29', '2024-13-01', '2024-05-01T25:00Z', '2024-05-01T10:60', '2026-W44', '20261101', '', 'yesterday', 20240501, null, undefined]) {
			expect(parseInstant(bad, SH), String(bad)).toBeNull();
		}
		expect(parseInstant('2024-02-29', SH)).toBe(ms('2024-02-28T16:00:00Z'));
		// With an offset the calendar is checked too: leap years by the Gregorian rules.
		for (const bad of ['2024-02-30T10:00:00Z', '2023-02-29T00:00Z', '1900-02-29T00:00:00+08:00', '2026-04-31T08:00:00Z', '2026-00-10T08:00Z', '2026-11-00T08:00Z']) {
			expect(parseInstant(bad, SH), bad).toBeNull();
		}
		// Written as toISOString writes it (read without the pattern), the same checks.
		for (const bad of ['2024-02-30T10:00:00.000Z', '1900-02-29T00:00:00.000Z', '2026-13-01T08:00:00.000Z', '2026-11-00T08:00:00.000Z', '2026-11-01T24:00:00.000Z', '2026-11-01T08:60:00.000Z', '2026-11-01T08:00:60.000Z', '2026-11-01T08:00:00.0x0Z', '2026-11-01 08:00:00.000Z']) {
			expect(parseInstant(bad, SH), bad).toBeNull();
		}
		expect(parseInstant('2024-02-29T23:59:59.999Z', SH)).toBe(ms('2024-02-29T23:59:59.999Z'));
		expect(parseInstant('0050-06-01T00:00:00.000Z', SH)).toBe(ms('0050-06-01T00:00:00.000Z'));
		expect(parseInstant('2000-02-29T12:00:00Z', SH)).toBe(ms('2000-02-29T12:00:00Z'));
		expect(parseInstant('2024-02-29T23:59:59.999+08:00', 'UTC')).toBe(ms('2024-02-29T15:59:59.999Z'));
	});
});

describe('dates of instants', () => {
	it('gives the calendar date and wall-clock time in the zone', () => {
		expect(localDate(ms('2026-10-31T17:30:00Z'), SH)).toBe('2026-11-01');
		expect(localDate(ms('2026-10-31T15:59:59Z'), SH)).toBe('2026-10-31');
		expect(localDate(ms('2026-10-31T17:30:00Z'), 'America/Los_Angeles')).toBe('2026-10-31');
		expect(localDateTime(ms('2026-10-31T17:30:00Z'), SH)).toBe('2026-11-01T01:30');
	});

	it('writes an instant with the zone offset, and reads back the same instant', () => {
		expect(instantText(ms('2026-10-31T16:00:00Z'), SH)).toBe('2026-11-01T00:00:00+08:00');
		expect(instantText(ms('2026-10-31T16:00:00.5Z'), SH)).toBe('2026-11-01T00:00:00.500+08:00');
		expect(parseInstant(instantText(ms('2026-03-08T10:00:00Z'), 'America/Los_Angeles'), 'UTC')).toBe(ms('2026-03-08T10:00:00Z'));
	});

	it('knows dates and moves them by days across month and year ends', () => {
		expect(isIsoDate('2026-11-01')).toBe(true);
		expect(isIsoDate('2026-11-31')).toBe(false);
		expect(isIsoDate('2026-11-01T00:00Z')).toBe(false);
		expect(dayStart('2027-01-01', SH)).toBe(ms('2026-12-31T16:00:00Z'));
		expect(dayStart('yesterday', SH)).toBeNull();
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
		expect(addDays('2026-11-01', 7 * 3)).toBe('2026-11-22');
	});
});
