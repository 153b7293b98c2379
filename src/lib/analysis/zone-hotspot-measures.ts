/**
 * Campaign figures for a set of hotspots (one zone's, or all): how many are open, overdue, resolved
 * on time, and how long resolving takes. `now` is a parameter so a report is reproducible and
 * tests need no fake clock; `timeZone` reads dates written without an offset (default UTC).
 */
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

export function median(values: ReadonlyArray<number>): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function measureHotspots(hotspots: ReadonlyArray<Record<string, unknown> | null | undefined>, now: number, timeZone = 'UTC'): HotspotMeasures {
	let open = 0;
	let overdue = 0;
	let resolvedWithDeadline = 0;
	let onTime = 0;
	const daysToResolve: number[] = [];
	for (const p of hotspots) {
		const dueAt = parseInstant(p?.dueAt, timeZone);
		if (isOpenHotspot(p)) {
			open++;
			if (dueAt !== null && dueAt < now) overdue++;
			continue;
		}
		if (!isResolvedHotspot(p)) continue;
		const resolvedAt = parseInstant(p?.resolvedAt, timeZone);
		if (resolvedAt === null) continue;
		if (dueAt !== null) {
			resolvedWithDeadline++;
			if (resolvedAt <= dueAt) onTime++;
		}
		const reportedAt = parseInstant(p?.reportedAt, timeZone);
		// A resolution dated before the report is a data error, not a negative duration.
		if (reportedAt !== null && resolvedAt >= reportedAt) daysToResolve.push((resolvedAt - reportedAt) / DAY_MS);
	}
	return {
		count: hotspots.length,
		open,
		overdue,
		resolvedWithDeadline,
		resolvedOnTimePct: resolvedWithDeadline > 0 ? (100 * onTime) / resolvedWithDeadline : null,
		medianDaysToResolve: median(daysToResolve)
	};
}
