/**
 * Dates for hotspot reports: parsing ISO 8601 strictly, half-open ranges, and counting by week or
 * month. All in UTC so a figure does not change with the server's time zone; a date range
 * [from, to) includes `from` and excludes `to`, so consecutive ranges never count a report twice.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';

const DAY_MS = 86_400_000;

// Date.parse accepts many informal forms ("May 1", "2024/5/1") and reads a date-time without an
// offset as local time; only ISO 8601 is accepted here, and a missing offset means UTC.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch of an ISO 8601 date ("2024-05-01", UTC midnight) or instant, else null. */
export function parseInstant(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const m = ISO_INSTANT.exec(value.trim());
	if (!m) return null;
	const [, y, mo, d, h, mi, s, zone] = m;
	// Reject calendar overflow such as 2024-02-30, which Date.parse silently turns into 1 March.
	const day = new Date(Date.UTC(+y, +mo - 1, +d));
	if (day.getUTCFullYear() !== +y || day.getUTCMonth() !== +mo - 1 || day.getUTCDate() !== +d) return null;
	if (h !== undefined && (+h > 23 || +mi > 59 || (s !== undefined && +s > 59))) return null;
	const text = h === undefined ? `${y}-${mo}-${d}T00:00:00Z` : zone ? value.trim() : `${value.trim()}Z`;
	const ms = Date.parse(text);
	return Number.isFinite(ms) ? ms : null;
}

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

export type BucketUnit = 'week' | 'month';

/** Start (ms) of the ISO week containing `ms`: Monday 00:00 UTC. */
export function weekStartUtc(ms: number): number {
	const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
	const weekday = (new Date(dayStart).getUTCDay() + 6) % 7; // Monday = 0
	return dayStart - weekday * DAY_MS;
}

/** Start (ms) of the calendar month containing `ms`, UTC. */
export function monthStartUtc(ms: number): number {
	const d = new Date(ms);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function bucketStartUtc(ms: number, unit: BucketUnit): number {
	return unit === 'week' ? weekStartUtc(ms) : monthStartUtc(ms);
}

function nextBucketStart(start: number, unit: BucketUnit): number {
	if (unit === 'week') return start + 7 * DAY_MS;
	const d = new Date(start);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export interface TimeBucket {
	/** ISO instant where the bucket starts (inclusive). */
	start: string;
	/** ISO instant where the next bucket starts (exclusive). */
	end: string;
	count: number;
}

/**
 * Counts instants (ms) in week or month buckets covering [from, to). Every bucket in the range is
 * listed, empty ones too, so a chart's time axis has no gaps; the first and last bucket may extend
 * beyond the range but only instants inside it are counted. Without bounds, the range is that of
 * the instants themselves.
 */
export function countByTimeBucket(instants: ReadonlyArray<number>, unit: BucketUnit, range: InstantRange = {}): TimeBucket[] {
	const inside = instants.filter((ms) => Number.isFinite(ms) && isInRange(ms, range));
	if (inside.length === 0 && (range.from === undefined || range.to === undefined)) return [];
	let lo = range.from ?? Infinity;
	let hiExclusive = range.to ?? -Infinity;
	for (const ms of inside) {
		if (range.from === undefined && ms < lo) lo = ms;
		if (range.to === undefined && ms + 1 > hiExclusive) hiExclusive = ms + 1;
	}
	const buckets: { start: number; end: number; count: number }[] = [];
	for (let start = bucketStartUtc(lo, unit); start < hiExclusive; start = nextBucketStart(start, unit)) {
		buckets.push({ start, end: nextBucketStart(start, unit), count: 0 });
	}
	for (const ms of inside) {
		// Buckets are contiguous and sorted, so a binary search finds the one holding ms.
		let a = 0, b = buckets.length - 1;
		while (a < b) {
			const mid = (a + b + 1) >> 1;
			if (buckets[mid].start <= ms) a = mid;
			else b = mid - 1;
		}
		buckets[a].count++;
	}
	return buckets.map((bucket) => ({ start: new Date(bucket.start).toISOString(), end: new Date(bucket.end).toISOString(), count: bucket.count }));
}

/** Counts features by the date in `properties[dateField]` (default `reportedAt`); undated features are skipped. */
export function countFeaturesByTimeBucket(
	features: FeatureCollection<Geometry | null> | ReadonlyArray<Feature<Geometry | null>>,
	unit: BucketUnit,
	range: InstantRange = {},
	dateField = 'reportedAt'
): TimeBucket[] {
	const list = Array.isArray(features) ? features : (features as FeatureCollection<Geometry | null>).features;
	const instants: number[] = [];
	for (const feature of list) {
		const ms = parseInstant(feature.properties?.[dateField]);
		if (ms !== null) instants.push(ms);
	}
	return countByTimeBucket(instants, unit, range);
}
