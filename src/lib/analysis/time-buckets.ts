/**
 * Hotspot reports counted by week or month: half-open ranges, and buckets cut in a time zone (the
 * project's, from the caller; see domain/time). A date range [from, to) includes `from` and
 * excludes `to`, so consecutive ranges never count a report twice.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { instantText, parseInstant } from '../domain/time/instants';
import { periodsOverlapping, type PeriodUnit } from '../domain/time/periods';

export interface InstantRange {
	/** Inclusive lower bound (ms), or undefined for no bound. */
	from?: number;
	/** Exclusive upper bound (ms), or undefined for no bound. */
	to?: number;
}

export function isInRange(ms: number, range: InstantRange): boolean {
	return (range.from === undefined || ms >= range.from) && (range.to === undefined || ms < range.to);
}

export function hasBounds(range: InstantRange): boolean {
	return range.from !== undefined || range.to !== undefined;
}

export type BucketUnit = Extract<PeriodUnit, 'week' | 'month'>;

export interface TimeBucket {
	/** Where the bucket starts (inclusive), ISO 8601 with the zone's offset: 2026-09-28T00:00:00+08:00. */
	start: string;
	/** Where the next bucket starts (exclusive). */
	end: string;
	count: number;
}

/**
 * Counts instants (ms) in week (Monday first) or month buckets of `timeZone` covering [from, to).
 * Every bucket in the range is listed, empty ones too, so a chart's time axis has no gaps; the
 * first and last bucket may extend beyond the range but only instants inside it are counted.
 * Without bounds, the range is that of the instants themselves.
 */
export function countByTimeBucket(instants: ReadonlyArray<number>, unit: BucketUnit, range: InstantRange, timeZone: string): TimeBucket[] {
	const inside = instants.filter((ms) => Number.isFinite(ms) && isInRange(ms, range));
	if (inside.length === 0 && (range.from === undefined || range.to === undefined)) return [];
	let lo = range.from ?? Infinity;
	let hiExclusive = range.to ?? -Infinity;
	for (const ms of inside) {
		if (range.from === undefined && ms < lo) lo = ms;
		if (range.to === undefined && ms + 1 > hiExclusive) hiExclusive = ms + 1;
	}
	const buckets = periodsOverlapping({ from: lo, to: hiExclusive }, unit, timeZone).map((p) => ({ ...p, count: 0 }));
	for (const ms of inside) {
		// Buckets are contiguous and sorted, so a binary search finds the one holding ms.
		let a = 0, b = buckets.length - 1;
		while (a < b) {
			const mid = (a + b + 1) >> 1;
			if (buckets[mid].from <= ms) a = mid;
			else b = mid - 1;
		}
		buckets[a].count++;
	}
	return buckets.map((bucket) => ({ start: instantText(bucket.from, timeZone), end: instantText(bucket.to, timeZone), count: bucket.count }));
}

/**
 * Counts features by the date in `properties[dateField]` (default `reportedAt`); undated features
 * are skipped. A date without an offset is read in `timeZone`.
 */
export function countFeaturesByTimeBucket(
	features: FeatureCollection<Geometry | null> | ReadonlyArray<Feature<Geometry | null>>,
	unit: BucketUnit,
	range: InstantRange,
	timeZone: string,
	dateField = 'reportedAt'
): TimeBucket[] {
	const list = Array.isArray(features) ? features : (features as FeatureCollection<Geometry | null>).features;
	const instants: number[] = [];
	for (const feature of list) {
		const ms = parseInstant(feature.properties?.[dateField], timeZone);
		if (ms !== null) instants.push(ms);
	}
	return countByTimeBucket(instants, unit, range, timeZone);
}
