import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HotspotTallies, measureHotspots } from './zone-hotspot-measures';

const NOW = Date.parse('2024-06-10T00:00:00Z');

describe('measureHotspots', () => {
	const hotspots = Object.freeze(
		[
			// open, overdue (due 1 June < now 10 June)
			{ status: 'reported', reportedAt: '2024-05-25', dueAt: '2024-06-01' },
			// open, not overdue (due after now)
			{ status: 'assigned', reportedAt: '2024-06-05', dueAt: '2024-06-12' },
			// open (no status means just reported), no deadline: not overdue
			{ reportedAt: '2024-06-09' },
			// resolved on time: 2 days to resolve
			{ status: 'resolved', reportedAt: '2024-05-01', dueAt: '2024-05-08', resolvedAt: '2024-05-03' },
			// verified, late: resolved 10 May after due 8 May; 9 days to resolve
			{ status: 'verified', reportedAt: '2024-05-01', dueAt: '2024-05-08', resolvedAt: '2024-05-10' },
			// resolved exactly at the deadline counts as on time; 7 days
			{ status: 'resolved', reportedAt: '2024-05-01', dueAt: '2024-05-08', resolvedAt: '2024-05-08' },
			// resolved without a deadline: not in the on-time base, but 4 days to resolve
			{ status: 'resolved', reportedAt: '2024-05-01', resolvedAt: '2024-05-05' },
			// rejected: neither open nor resolved, even though its deadline has passed
			{ status: 'rejected', reportedAt: '2024-05-01', dueAt: '2024-05-08' }
		].map((p) => Object.freeze(p))
	);

	it('counts open and overdue against the given now, never the clock', () => {
		const m = measureHotspots(hotspots, NOW);
		expect(m).toMatchObject({ count: 8, open: 3, overdue: 1 });
		// A month earlier, the first hotspot was not yet overdue.
		expect(measureHotspots(hotspots, Date.parse('2024-05-31T00:00:00Z')).overdue).toBe(0);
	});

	it('takes the on-time share over resolved/verified with a deadline: 2 of 3 = 66.7 %', () => {
		const m = measureHotspots(hotspots, NOW);
		expect(m.resolvedWithDeadline).toBe(3);
		expect(m.resolvedOnTimePct).toBeCloseTo((100 * 2) / 3, 10);
	});

	it('takes the median of days to resolve: 2, 4, 7, 9 → (4 + 7) / 2 = 5.5', () => {
		expect(measureHotspots(hotspots, NOW).medianDaysToResolve).toBe(5.5);
	});

	it('gives null shares and medians when nothing is resolved', () => {
		expect(measureHotspots([], NOW)).toEqual({ count: 0, open: 0, overdue: 0, resolvedWithDeadline: 0, resolvedOnTimePct: null, medianDaysToResolve: null });
	});

	it('leaves out a resolution dated before its report', () => {
		const m = measureHotspots([{ status: 'resolved', reportedAt: '2024-05-10', resolvedAt: '2024-05-01' }], NOW);
		expect(m.medianDaysToResolve).toBeNull();
	});
});

describe('HotspotTallies', () => {
	const DAY = 86_400_000;
	const resolvedAfter = (tallies: HotspotTallies, group: number, days: number) => tallies.add(group, false, true, 0, NaN, days * DAY);

	it('keeps each group apart: medians of odd and even counts, durations added interleaved and past the first capacity', () => {
		const tallies = new HotspotTallies(3, NOW, 2);
		// group 0: 5, 1, 3 → 3; group 1: 4, 1, 3, 2 → 2.5; group 2: open only → no median.
		const durations: [number, number][] = [[0, 5], [1, 4], [0, 1], [1, 1], [1, 3], [0, 3], [1, 2]];
		for (const [group, days] of durations) resolvedAfter(tallies, group, days);
		tallies.add(2, true, false, 0, NOW - DAY, NaN);
		const [a, b, c] = tallies.measures();
		expect(a).toMatchObject({ count: 3, open: 0, medianDaysToResolve: 3 });
		expect(b).toMatchObject({ count: 4, open: 0, medianDaysToResolve: 2.5 });
		expect(c).toEqual({ count: 1, open: 1, overdue: 1, resolvedWithDeadline: 0, resolvedOnTimePct: null, medianDaysToResolve: null });
	});

	it('gives each group the median a sort gives, over groups large and small, with repeated days', () => {
		const sortedMedian = (days: number[]) => {
			if (days.length === 0) return null;
			const s = [...days].sort((x, y) => x - y), mid = s.length >> 1;
			return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
		};
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 400, noNaN: true })), { maxLength: 1500 }), { minLength: 1, maxLength: 4 }),
				(groups) => {
					const tallies = new HotspotTallies(groups.length, NOW);
					// Interleaved, as the cases of a city come in no zone order.
					for (let k = 0; k < Math.max(...groups.map((g) => g.length)); k++) groups.forEach((days, g) => k < days.length && resolvedAfter(tallies, g, days[k]));
					// The days as the tallies read them back from instants.
					const asRead = groups.map((days) => days.map((d) => (d * DAY) / DAY));
					expect(tallies.measures().map((m) => m.medianDaysToResolve)).toEqual(asRead.map(sortedMedian));
				}
			),
			{ numRuns: 60 }
		);
	});
});
