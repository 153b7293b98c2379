/**
 * Campaign figures for a set of hotspots (one zone's, or all): how many are open, overdue, resolved
 * on time, and how long resolving takes. `now` is a parameter so a report is reproducible and
 * tests need no fake clock; `timeZone` reads dates written without an offset (default UTC).
 */
import quickselect from 'quickselect';
import { parseInstant } from '../domain/time/instants';

const DAY_MS = 86_400_000;

/** Statuses after which a hotspot needs no more work (DESIGN.md §2: reported → assigned → resolved → verified, or rejected). */
const CLOSED_STATUSES = new Set(['resolved', 'verified', 'rejected']);
const RESOLVED_STATUSES = new Set(['resolved', 'verified']);

export interface HotspotMeasures {
	count: number;
	/** Status not resolved, verified or rejected (a missing status counts as open: just reported). */
	open: number;
	/** Open with a `dueAt` before `now`. */
	overdue: number;
	/** Resolved or verified hotspots with both `resolvedAt` and `dueAt`: the base of resolvedOnTimePct. */
	resolvedWithDeadline: number;
	/** Percentage of resolvedWithDeadline with resolvedAt ≤ dueAt; null when there are none. */
	resolvedOnTimePct: number | null;
	/** Median of reportedAt → resolvedAt in days over resolved/verified hotspots with both dates; null when none. */
	medianDaysToResolve: number | null;
}

export function isOpenHotspot(properties: Record<string, unknown> | null | undefined): boolean {
	const status = properties?.status;
	return !(typeof status === 'string' && CLOSED_STATUSES.has(status));
}

export function isResolvedHotspot(properties: Record<string, unknown> | null | undefined): boolean {
	const status = properties?.status;
	return typeof status === 'string' && RESOLVED_STATUSES.has(status);
}

/** A date of a hotspot as ms since the epoch, NaN where it has none (or none that parses). */
export function hotspotInstant(value: unknown, timeZone: string): number {
	return parseInstant(value, timeZone) ?? NaN;
}

/**
 * The measures of several groups of hotspots (the zones), counted one hotspot at a time: from
 * parsed properties (measureHotspots, one group) or from the facts kept between requests
 * (hotspot-zone-state.ts, a group per zone), with the same rules. Dates are ms since the epoch,
 * NaN for none, so that kept facts fit typed arrays.
 *
 * The counters are columns and the durations one array tagged by group, sorted into groups once
 * when the measures are read: at city scale (a million cases, two thousand zones) a tally object
 * and a growing array per zone cost more than the counting itself.
 */
export class HotspotTallies {
	/** Per group: count, open, overdue, resolvedWithDeadline, onTime. */
	private readonly counters: Int32Array;
	private durationGroup: Int32Array;
	private durationDays: Float64Array;
	private durations = 0;

	constructor(
		private readonly groups: number,
		private readonly now: number,
		/** About how many hotspots will be added: the durations' arrays start this large. */
		expected = 1024
	) {
		this.counters = new Int32Array(groups * 5);
		this.durationGroup = new Int32Array(Math.max(16, expected));
		this.durationDays = new Float64Array(Math.max(16, expected));
	}

	add(group: number, open: boolean, resolved: boolean, reportedAt: number, dueAt: number, resolvedAt: number): void {
		const c = group * 5;
		this.counters[c]++;
		if (open) {
			this.counters[c + 1]++;
			// NaN (no deadline) is never before now.
			if (dueAt < this.now) this.counters[c + 2]++;
			return;
		}
		if (!resolved || Number.isNaN(resolvedAt)) return;
		if (!Number.isNaN(dueAt)) {
			this.counters[c + 3]++;
			if (resolvedAt <= dueAt) this.counters[c + 4]++;
		}
		// A resolution dated before the report is a data error, not a negative duration; NaN compares false.
		if (resolvedAt >= reportedAt) this.addDuration(group, (resolvedAt - reportedAt) / DAY_MS);
	}

	private addDuration(group: number, days: number): void {
		if (this.durations === this.durationDays.length) {
			const grownGroups = new Int32Array(this.durations * 2);
			grownGroups.set(this.durationGroup);
			const grownDays = new Float64Array(this.durations * 2);
			grownDays.set(this.durationDays);
			this.durationGroup = grownGroups;
			this.durationDays = grownDays;
		}
		this.durationGroup[this.durations] = group;
		this.durationDays[this.durations++] = days;
	}

	/** The measures of each group, in group order. */
	measures(): HotspotMeasures[] {
		// The durations sorted into their groups (a counting sort), then each group's sorted for its median.
		const start = new Int32Array(this.groups + 1);
		for (let i = 0; i < this.durations; i++) start[this.durationGroup[i] + 1]++;
		for (let g = 0; g < this.groups; g++) start[g + 1] += start[g];
		const next = start.slice(0, this.groups);
		const grouped = new Float64Array(this.durations);
		for (let i = 0; i < this.durations; i++) grouped[next[this.durationGroup[i]]++] = this.durationDays[i];
		const result: HotspotMeasures[] = [];
		for (let g = 0; g < this.groups; g++) {
			const c = g * 5;
			const [count, open, overdue, resolvedWithDeadline, onTime] = this.counters.subarray(c, c + 5);
			result.push({
				count,
				open,
				overdue,
				resolvedWithDeadline,
				resolvedOnTimePct: resolvedWithDeadline > 0 ? (100 * onTime) / resolvedWithDeadline : null,
				medianDaysToResolve: medianInPlace(grouped.subarray(start[g], start[g + 1]))
			});
		}
		return result;
	}
}

/**
 * The middle value, or the mean of the two middle ones, found by selection (Floyd–Rivest, the
 * quickselect package) rather than by sorting: reordering `values` in place, linear in their
 * number. Sorting each zone's days to resolve was most of answering the zones at city scale.
 */
function medianInPlace(values: Float64Array): number | null {
	const n = values.length;
	if (n === 0) return null;
	const mid = n >> 1;
	// The package is typed for arrays; a typed array is indexed and swapped the same way.
	quickselect(values as unknown as number[], mid);
	if (n % 2 === 1) return values[mid];
	// Everything before mid is at most values[mid]: the lower middle is the largest of them.
	let lower = values[0];
	for (let i = 1; i < mid; i++) if (values[i] > lower) lower = values[i];
	return (lower + values[mid]) / 2;
}

export function measureHotspots(hotspots: ReadonlyArray<Record<string, unknown> | null | undefined>, now: number, timeZone = 'UTC'): HotspotMeasures {
	const tally = new HotspotTallies(1, now, hotspots.length);
	for (const p of hotspots) tally.add(0, isOpenHotspot(p), isResolvedHotspot(p), hotspotInstant(p?.reportedAt, timeZone), hotspotInstant(p?.dueAt, timeZone), hotspotInstant(p?.resolvedAt, timeZone));
	return tally.measures()[0];
}
