import { describe, expect, it } from 'vitest';
import type { Feature, Point } from 'geojson';
import { countByTimeBucket, countFeaturesByTimeBucket, isInRange } from './time-buckets';

const ms = (iso: string) => Date.parse(iso);
const SH = 'Asia/Shanghai';

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

describe('countByTimeBucket', () => {
	it('lists every week in [from, to), empty ones too, and counts only instants in range', () => {
		const instants = ['2024-04-28T12:00Z', '2024-04-29T00:00Z', '2024-05-01T09:00Z', '2024-05-14T10:00Z', '2024-05-15T00:00Z'].map(ms);
		// Range Wed 1 May (inclusive) to Wed 15 May (exclusive): weeks of 29 Apr, 6 May, 13 May.
		const buckets = countByTimeBucket(instants, 'week', { from: ms('2024-05-01'), to: ms('2024-05-15') }, 'UTC');
		expect(buckets).toEqual([
			// 29 Apr 00:00 is in its week but before `from`, so only 1 May counts.
			{ start: '2024-04-29T00:00:00Z', end: '2024-05-06T00:00:00Z', count: 1 },
			{ start: '2024-05-06T00:00:00Z', end: '2024-05-13T00:00:00Z', count: 0 },
			// 15 May 00:00 is `to`, excluded.
			{ start: '2024-05-13T00:00:00Z', end: '2024-05-20T00:00:00Z', count: 1 }
		]);
	});

	it('counts months of different lengths, and takes the range from the data when unbounded', () => {
		const instants = ['2024-01-31T23:59Z', '2024-02-01T00:00Z', '2024-02-29T12:00Z', '2024-04-02T00:00Z'].map(ms);
		expect(countByTimeBucket(instants, 'month', {}, 'UTC')).toEqual([
			{ start: '2024-01-01T00:00:00Z', end: '2024-02-01T00:00:00Z', count: 1 },
			{ start: '2024-02-01T00:00:00Z', end: '2024-03-01T00:00:00Z', count: 2 },
			{ start: '2024-03-01T00:00:00Z', end: '2024-04-01T00:00:00Z', count: 0 },
			{ start: '2024-04-01T00:00:00Z', end: '2024-05-01T00:00:00Z', count: 1 }
		]);
		expect(countByTimeBucket([], 'month', {}, SH)).toEqual([]);
	});

	it('cuts buckets in the zone: a report at 07:00 on 1 November in Beijing counts in November', () => {
		// 2026-10-31T23:00Z is 07:00 on 1 November in Beijing; 15:59:59Z is the last second of October there.
		const instants = ['2026-10-31T15:59:59Z', '2026-10-31T16:00:00Z', '2026-10-31T23:00:00Z'].map(ms);
		expect(countByTimeBucket(instants, 'month', {}, SH)).toEqual([
			{ start: '2026-10-01T00:00:00+08:00', end: '2026-11-01T00:00:00+08:00', count: 1 },
			{ start: '2026-11-01T00:00:00+08:00', end: '2026-12-01T00:00:00+08:00', count: 2 }
		]);
		// In UTC all three are still October.
		expect(countByTimeBucket(instants, 'month', {}, 'UTC').map((b) => b.count)).toEqual([3]);
		// Weeks: Sunday 1 November 23:59 in Beijing is the week of 26 October, Monday 00:00 the next.
		expect(countByTimeBucket([ms('2026-11-01T15:59:59Z'), ms('2026-11-01T16:00:00Z')], 'week', {}, SH)).toEqual([
			{ start: '2026-10-26T00:00:00+08:00', end: '2026-11-02T00:00:00+08:00', count: 1 },
			{ start: '2026-11-02T00:00:00+08:00', end: '2026-11-09T00:00:00+08:00', count: 1 }
		]);
	});

	it('counts features by a date property and skips undated ones, without mutating them', () => {
		const f = (reportedAt: unknown): Feature<Point> => ({ type: 'Feature', properties: { reportedAt }, geometry: { type: 'Point', coordinates: [0, 0] } });
		const features = Object.freeze([f('2024-05-02'), f('2024-05-03T08:00:00+08:00'), f('not a date'), f(undefined)].map((x) => Object.freeze(x)));
		expect(countFeaturesByTimeBucket(features, 'week', {}, 'UTC')).toEqual([{ start: '2024-04-29T00:00:00Z', end: '2024-05-06T00:00:00Z', count: 2 }]);
		// A bare date is that day in the zone: 2024-05-06 in Beijing starts on Sunday 5 May 16:00Z, in the week of 6 May there.
		expect(countFeaturesByTimeBucket([f('2024-05-06')], 'week', {}, SH)).toEqual([{ start: '2024-05-06T00:00:00+08:00', end: '2024-05-13T00:00:00+08:00', count: 1 }]);
	});
});
