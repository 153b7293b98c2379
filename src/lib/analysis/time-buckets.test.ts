import { describe, expect, it } from 'vitest';
import type { Feature, Point } from 'geojson';
import { countByTimeBucket, countFeaturesByTimeBucket, isInRange, monthStartUtc, parseInstant, weekStartUtc } from './time-buckets';

const ms = (iso: string) => Date.parse(iso);

describe('parseInstant', () => {
	it('reads ISO dates as UTC midnight and instants with or without an offset (none = UTC)', () => {
		expect(parseInstant('2024-05-01')).toBe(ms('2024-05-01T00:00:00Z'));
		expect(parseInstant('2024-05-01T10:30:00Z')).toBe(ms('2024-05-01T10:30:00Z'));
		expect(parseInstant('2024-05-01T10:30')).toBe(ms('2024-05-01T10:30:00Z'));
		expect(parseInstant('2024-05-01T10:30:00+08:00')).toBe(ms('2024-05-01T02:30:00Z'));
		expect(parseInstant('2024-05-01T10:30:00.250Z')).toBe(ms('2024-05-01T10:30:00.250Z'));
	});

	it('rejects informal forms, impossible dates and non-strings', () => {
		for (const bad of ['May 1, 2024', '2024/05/01', '2024-02-30', '2024-13-01', '2024-05-01T25:00Z', '', 'yesterday', 20240501, null, undefined]) {
			expect(parseInstant(bad), String(bad)).toBeNull();
		}
		expect(parseInstant('2024-02-29')).toBe(ms('2024-02-29T00:00:00Z'));
	});
});

describe('isInRange', () => {
	it('includes from and excludes to', () => {
		const range = { from: ms('2024-05-01'), to: ms('2024-06-01') };
		expect(isInRange(ms('2024-05-01'), range)).toBe(true);
		expect(isInRange(ms('2024-05-31T23:59:59.999Z'), range)).toBe(true);
		expect(isInRange(ms('2024-06-01'), range)).toBe(false);
		expect(isInRange(ms('2024-04-30T23:59:59.999Z'), range)).toBe(false);
		expect(isInRange(0, {})).toBe(true);
	});
});

describe('week and month starts', () => {
	it('starts weeks on Monday 00:00 UTC', () => {
		// 2024-05-01 was a Wednesday; its week starts Monday 2024-04-29.
		expect(weekStartUtc(ms('2024-05-01T15:00:00Z'))).toBe(ms('2024-04-29'));
		expect(weekStartUtc(ms('2024-04-29T00:00:00Z'))).toBe(ms('2024-04-29'));
		// Sunday 23:59 belongs to the week that began six days earlier.
		expect(weekStartUtc(ms('2024-05-05T23:59:59Z'))).toBe(ms('2024-04-29'));
		expect(weekStartUtc(ms('2024-05-06T00:00:00Z'))).toBe(ms('2024-05-06'));
	});

	it('starts months on the 1st 00:00 UTC, whatever the offset of the input', () => {
		expect(monthStartUtc(ms('2024-02-29T23:00:00Z'))).toBe(ms('2024-02-01'));
		// 00:30 on 1 March in UTC+8 is still February in UTC.
		expect(monthStartUtc(parseInstant('2024-03-01T00:30:00+08:00')!)).toBe(ms('2024-02-01'));
	});
});

describe('countByTimeBucket', () => {
	it('lists every week in [from, to), empty ones too, and counts only instants in range', () => {
		const instants = ['2024-04-28T12:00Z', '2024-04-29T00:00Z', '2024-05-01T09:00Z', '2024-05-14T10:00Z', '2024-05-15T00:00Z'].map(ms);
		// Range Wed 1 May (inclusive) to Wed 15 May (exclusive): weeks of 29 Apr, 6 May, 13 May.
		const buckets = countByTimeBucket(instants, 'week', { from: ms('2024-05-01'), to: ms('2024-05-15') });
		expect(buckets).toEqual([
			// 29 Apr 00:00 is in its week but before `from`, so only 1 May counts.
			{ start: '2024-04-29T00:00:00.000Z', end: '2024-05-06T00:00:00.000Z', count: 1 },
			{ start: '2024-05-06T00:00:00.000Z', end: '2024-05-13T00:00:00.000Z', count: 0 },
			// 15 May 00:00 is `to`, excluded.
			{ start: '2024-05-13T00:00:00.000Z', end: '2024-05-20T00:00:00.000Z', count: 1 }
		]);
	});

	it('counts months of different lengths, and takes the range from the data when unbounded', () => {
		const instants = ['2024-01-31T23:59Z', '2024-02-01T00:00Z', '2024-02-29T12:00Z', '2024-04-02T00:00Z'].map(ms);
		expect(countByTimeBucket(instants, 'month')).toEqual([
			{ start: '2024-01-01T00:00:00.000Z', end: '2024-02-01T00:00:00.000Z', count: 1 },
			{ start: '2024-02-01T00:00:00.000Z', end: '2024-03-01T00:00:00.000Z', count: 2 },
			{ start: '2024-03-01T00:00:00.000Z', end: '2024-04-01T00:00:00.000Z', count: 0 },
			{ start: '2024-04-01T00:00:00.000Z', end: '2024-05-01T00:00:00.000Z', count: 1 }
		]);
		expect(countByTimeBucket([], 'month')).toEqual([]);
	});

	it('counts features by a date property and skips undated ones, without mutating them', () => {
		const f = (reportedAt: unknown): Feature<Point> => ({ type: 'Feature', properties: { reportedAt }, geometry: { type: 'Point', coordinates: [0, 0] } });
		const features = Object.freeze([f('2024-05-02'), f('2024-05-03T08:00:00+08:00'), f('not a date'), f(undefined)].map((x) => Object.freeze(x)));
		expect(countFeaturesByTimeBucket(features, 'week')).toEqual([{ start: '2024-04-29T00:00:00.000Z', end: '2024-05-06T00:00:00.000Z', count: 2 }]);
	});
});
