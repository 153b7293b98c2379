import { describe, expect, it } from 'vitest';
import { addPeriods, exclusiveEnd, lastDay, periodContaining, periodStart, periodsOverlapping, presetPeriod } from './periods';

const SH = 'Asia/Shanghai';
const LA = 'America/Los_Angeles';
const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

describe('periods in Asia/Shanghai (UTC+8, no daylight saving)', () => {
	it('puts a report at 2026-10-31T17:30Z in November and one at 15:59:59Z in October', () => {
		// 17:30Z is 01:30 on 1 November in Beijing; 15:59:59Z is 23:59:59 on 31 October.
		expect(iso(periodStart(ms('2026-10-31T17:30:00Z'), 'month', SH))).toBe('2026-10-31T16:00:00.000Z');
		expect(iso(periodStart(ms('2026-10-31T15:59:59Z'), 'month', SH))).toBe('2026-09-30T16:00:00.000Z');
		expect(periodContaining(ms('2026-10-31T17:30:00Z'), 'month', SH)).toEqual({ from: ms('2026-10-31T16:00:00Z'), to: ms('2026-11-30T16:00:00Z') });
	});

	it('starts weeks on Monday 00:00 there: Sunday 23:59 local is the old week, Monday 00:00 the new', () => {
		// Monday 2 November 2026 00:00 in Beijing is Sunday 1 November 16:00Z.
		expect(iso(periodStart(ms('2026-11-01T15:59:59Z'), 'week', SH))).toBe('2026-10-25T16:00:00.000Z');
		expect(iso(periodStart(ms('2026-11-01T16:00:00Z'), 'week', SH))).toBe('2026-11-01T16:00:00.000Z');
		// In UTC that same instant is still Sunday: the week would start a week earlier.
		expect(iso(periodStart(ms('2026-11-01T16:00:00Z'), 'week', 'UTC'))).toBe('2026-10-26T00:00:00.000Z');
	});

	it('turns the year at local midnight: 31 Dec 16:00Z is already 2027 in Beijing', () => {
		expect(iso(periodStart(ms('2026-12-31T16:00:00Z'), 'quarter', SH))).toBe('2026-12-31T16:00:00.000Z');
		expect(iso(periodStart(ms('2026-12-31T15:59:59Z'), 'quarter', SH))).toBe('2026-09-30T16:00:00.000Z');
		expect(iso(periodStart(ms('2026-12-31T16:00:00Z'), 'day', SH))).toBe('2026-12-31T16:00:00.000Z');
		// An ISO week that spans the year end: Monday 28 Dec 2026 to Monday 4 Jan 2027.
		expect(periodContaining(ms('2027-01-02T12:00:00Z'), 'week', SH)).toEqual({ from: ms('2026-12-27T16:00:00Z'), to: ms('2027-01-03T16:00:00Z') });
	});

	it('cuts quarters at January, April, July and October', () => {
		expect(periodContaining(ms('2026-05-15T00:00:00Z'), 'quarter', SH)).toEqual({ from: ms('2026-03-31T16:00:00Z'), to: ms('2026-06-30T16:00:00Z') });
		expect(periodContaining(ms('2026-05-15T00:00:00Z'), 'quarter', SH, -1)).toEqual({ from: ms('2025-12-31T16:00:00Z'), to: ms('2026-03-31T16:00:00Z') });
	});

	it('lists the weeks overlapping a month without gaps', () => {
		// October 2026 in Beijing: Thursday 1 Oct to Sunday 31 Oct, five ISO weeks from Monday 28 Sep.
		const weeks = periodsOverlapping({ from: ms('2026-09-30T16:00:00Z'), to: ms('2026-10-31T16:00:00Z') }, 'week', SH);
		expect(weeks.map((w) => iso(w.from))).toEqual(['2026-09-27T16:00:00.000Z', '2026-10-04T16:00:00.000Z', '2026-10-11T16:00:00.000Z', '2026-10-18T16:00:00.000Z', '2026-10-25T16:00:00.000Z']);
		weeks.slice(1).forEach((w, i) => expect(w.from).toBe(weeks[i].to));
	});
});

describe('periods across a daylight-saving change (America/Los_Angeles)', () => {
	it('keeps weeks and days on the wall clock: the week of the November change is 169 hours long', () => {
		// Clocks went back on Sunday 1 November 2026 at 02:00 PDT.
		const week = periodContaining(ms('2026-10-28T12:00:00Z'), 'week', LA);
		expect(iso(week.from)).toBe('2026-10-26T07:00:00.000Z'); // Monday 00:00 PDT (UTC−7)
		expect(iso(week.to)).toBe('2026-11-02T08:00:00.000Z'); // Monday 00:00 PST (UTC−8)
		expect((week.to - week.from) / 3_600_000).toBe(169);
		const day = periodContaining(ms('2026-11-01T12:00:00Z'), 'day', LA);
		expect((day.to - day.from) / 3_600_000).toBe(25);
		expect(iso(addPeriods(ms('2026-03-07T08:00:00Z'), 'day', 1, LA))).toBe('2026-03-08T08:00:00.000Z');
		expect(iso(addPeriods(ms('2026-03-08T08:00:00Z'), 'day', 1, LA))).toBe('2026-03-09T07:00:00.000Z'); // 23 hours: spring forward
	});
});

describe('preset periods as dates', () => {
	it('gives this and last week, month and quarter at a pinned now, in the zone', () => {
		// 2026-12-01T01:00+08:00 is still 30 November in UTC: the month there would be November.
		const now = ms('2026-11-30T17:00:00Z');
		expect(presetPeriod('month', 'current', now, SH)).toEqual({ from: '2026-12-01', to: '2027-01-01' });
		expect(presetPeriod('month', 'previous', now, SH)).toEqual({ from: '2026-11-01', to: '2026-12-01' });
		expect(presetPeriod('month', 'current', now, 'UTC')).toEqual({ from: '2026-11-01', to: '2026-12-01' });
		expect(presetPeriod('week', 'current', now, SH)).toEqual({ from: '2026-11-30', to: '2026-12-07' });
		expect(presetPeriod('week', 'previous', now, SH)).toEqual({ from: '2026-11-23', to: '2026-11-30' });
		expect(presetPeriod('quarter', 'current', now, SH)).toEqual({ from: '2026-10-01', to: '2027-01-01' });
		expect(presetPeriod('quarter', 'previous', now, SH)).toEqual({ from: '2026-07-01', to: '2026-10-01' });
		expect(presetPeriod('day', 'previous', now, SH)).toEqual({ from: '2026-11-30', to: '2026-12-01' });
	});

	it('gives last month across a year end, and on other dates', () => {
		expect(presetPeriod('month', 'previous', ms('2027-01-01T00:00:00+08:00'), SH)).toEqual({ from: '2026-12-01', to: '2027-01-01' });
		expect(presetPeriod('month', 'previous', ms('2026-03-31T23:59:59+08:00'), SH)).toEqual({ from: '2026-02-01', to: '2026-03-01' });
		expect(presetPeriod('month', 'previous', ms('2028-03-01T00:00:00+08:00'), SH)).toEqual({ from: '2028-02-01', to: '2028-03-01' });
		expect(presetPeriod('quarter', 'previous', ms('2027-02-10T12:00:00+08:00'), SH)).toEqual({ from: '2026-10-01', to: '2027-01-01' });
	});

	it('turns an exclusive end into the last day shown and back', () => {
		expect(lastDay('2026-11-01')).toBe('2026-10-31');
		expect(lastDay('2027-01-01')).toBe('2026-12-31');
		expect(lastDay('2028-03-01')).toBe('2028-02-29');
		expect(exclusiveEnd('2026-12-31')).toBe('2027-01-01');
	});
});
