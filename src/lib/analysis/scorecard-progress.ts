/**
 * Progress over a period [from, to): what the campaign got done, per zone and in total, from each
 * feature's state at the start of the period and at its end (both rebuilt from the history, see
 * server/repositories/history-at.ts, so a past period always gives the same answer).
 *
 * Two clocks, used consistently:
 * - Assets (bins, roads, boards, shops, drains) count by when the change was recorded: a feature
 *   counts when its state at `to` differs from its state at `from` in the way a figure names.
 *   Comparing the two states (not every intermediate version) means an edit undone within the
 *   period counts for nothing, and a bin added then moved counts once, as added.
 * - Hotspot cases count by their own case dates (`reportedAt`, `resolvedAt`, `verifiedAt`): those
 *   are when the field work happened. Cases are read as recorded at the end of the period.
 *
 * Figures:
 * - binsAdded: bins in place (installed or damaged) at `to` that were not in place at `from`
 *   (absent, planned or removed). binsRemoved: in place at `from`, not at `to` (deleted, removed or
 *   back to planned). binsMoved: in place at both, position changed by more than MOVE_TOLERANCE_M.
 * - roadHardenedM / roadHardenedM2: road segments hardened at `to` (`hardened`, else their surface)
 *   that were not at `from` (false, absent or unknown, or the segment did not exist). A segment cut
 *   from another (`splitFrom`) is compared with its parent's state, so a split is not progress.
 *   Length and area per zone are clipped exactly to the zone (hardeningRates).
 * - boardsRenewed: `contentUpdatedAt` changed to a date inside the period.
 * - contractsSigned: `frontageContract` set where there was none.
 * - drainsDredged: `lastDredgedAt` changed to a date inside the period, or condition went from
 *   silted / blocked / overflowing to clear. Each drain counts once.
 * - hotspotsReported / Resolved / Verified: `reportedAt` in the period; resolved or verified with
 *   `resolvedAt` in the period; verified with `verifiedAt` in the period.
 * - hotspotsFromStaff / hotspotsFromPublic: reported in the period by staff (an inspection
 *   finding included), or by residents or an Open311 client (`reportSource`); the two add up to
 *   hotspotsReported.
 * - hotspotsReopenedByResidents: reopened in the period by a resident's "not fixed" on the verified
 *   case (`residentReopenedAt`, stamped by that lifecycle move).
 * Dates without a time (e.g. "2026-10-05") mean that day in the project's time zone; a period
 * starting mid-day still includes the date of its first day.
 */
import type { Feature, Geometry } from 'geojson';
import { COLLECTION } from '../domain/kinds';
import { hardeningOf } from '../domain/surface';
import { isPublicReport } from '../domain/edits/actions/public-report';
import { rulerAt } from '../geo/ruler-at';
import { hardeningRates } from './hardening-rate';
import { isResolvedHotspot } from './zone-hotspot-measures';
import { parseInstant } from '../domain/time/instants';
import { periodStart } from '../domain/time/periods';
import { zoneIdOf, zoneNameOf, type ZoneId } from './zone-identity';
import { zoneOfEach } from './scorecard-zones';

/** Smaller shifts are re-digitising noise, not a moved bin. */
export const MOVE_TOLERANCE_M = 1;

export const PROGRESS_KEYS = [
	'binsAdded',
	'binsMoved',
	'binsRemoved',
	'roadHardenedM',
	'roadHardenedM2',
	'boardsRenewed',
	'contractsSigned',
	'drainsDredged',
	'hotspotsReported',
	'hotspotsResolved',
	'hotspotsVerified',
	'hotspotsFromStaff',
	'hotspotsFromPublic',
	'hotspotsReopenedByResidents'
] as const;
export type ProgressKey = (typeof PROGRESS_KEYS)[number];
export type ProgressFigures = Record<ProgressKey, number>;

/** A kind's features at the start and the end of the period, by feature id. */
export interface StatePair {
	start: ReadonlyMap<number, Feature>;
	end: ReadonlyMap<number, Feature>;
}

export interface ProgressInput {
	from: number;
	to: number;
	/** The project's time zone: the days that dates without a time name. */
	timeZone: string;
	/** Zones as they stood at the end of the period. */
	zones: readonly Feature[];
	bins: StatePair;
	roads: StatePair;
	boards: StatePair;
	shops: StatePair;
	drains: StatePair;
	/** Hotspot cases as recorded at the end of the period. */
	hotspots: readonly Feature[];
}

/** One feature behind a figure: what a reader follows to the map and the history. */
export interface ProgressItem {
	figure: Exclude<ProgressKey, 'roadHardenedM2'>;
	collection: string;
	id: number;
	/** The zone it lies in (roads: by their midpoint), or null. */
	zoneId: ZoneId | null;
	/** For roads, the hardened length in metres. */
	amount?: number;
}

export interface ZoneProgress {
	id: ZoneId;
	name: string | null;
	figures: ProgressFigures;
}

export interface Progress {
	totals: ProgressFigures;
	zones: ZoneProgress[];
	items: ProgressItem[];
}

export const emptyProgressFigures = (): ProgressFigures => Object.fromEntries(PROGRESS_KEYS.map((k) => [k, 0])) as ProgressFigures;

const propsOf = (f: Feature | undefined) => (f?.properties ?? {}) as Record<string, unknown>;
const binInPlace = (f: Feature | undefined) => f !== undefined && ['installed', 'damaged'].includes(String(propsOf(f).status ?? 'installed'));
const round = (n: number) => Math.round(n * 100) / 100;

function movedM(a: Geometry | null, b: Geometry | null): number {
	if (a?.type !== 'Point' || b?.type !== 'Point') return 0;
	return rulerAt(a.coordinates[1]).distance(a.coordinates as [number, number], b.coordinates as [number, number]);
}

/** Whether a date or instant property lies in the period (a bare date: its whole day in the zone). */
function dateInPeriod(value: unknown, from: number, to: number, timeZone: string): boolean {
	const ms = parseInstant(value, timeZone);
	return ms !== null && ms >= periodStart(from, 'day', timeZone) && ms < to;
}

function instantInPeriod(value: unknown, from: number, to: number, timeZone: string): boolean {
	const ms = parseInstant(value, timeZone);
	return ms !== null && ms >= from && ms < to;
}

/** Features changed in the period in the way `changed(start, end)` names; end state (or start, when gone) kept for the zone. */
function changedFeatures(pair: StatePair, changed: (start: Feature | undefined, end: Feature | undefined, id: number) => boolean): { id: number; feature: Feature }[] {
	const out: { id: number; feature: Feature }[] = [];
	const ids = new Set([...pair.start.keys(), ...pair.end.keys()]);
	for (const id of [...ids].sort((a, b) => a - b)) {
		const start = pair.start.get(id);
		const end = pair.end.get(id);
		if (changed(start, end, id)) out.push({ id, feature: (end ?? start)! });
	}
	return out;
}

export function computeProgress(input: ProgressInput): Progress {
	const { from, to, timeZone } = input;
	const zones = input.zones.filter((z) => z.geometry?.type === 'Polygon' || z.geometry?.type === 'MultiPolygon');
	const items: ProgressItem[] = [];
	const add = (figure: ProgressItem['figure'], collection: string, list: { id: number; feature: Feature }[], amounts?: number[]) => {
		const zoneOf = zoneOfEach(list.map((x) => x.feature), zones);
		list.forEach((x, i) =>
			items.push({ figure, collection, id: x.id, zoneId: zoneOf[i] >= 0 ? zoneIdOf(zones[zoneOf[i]], zoneOf[i]) : null, ...(amounts ? { amount: amounts[i] } : {}) })
		);
	};

	add('binsAdded', COLLECTION.bin, changedFeatures(input.bins, (s, e) => binInPlace(e) && !binInPlace(s)));
	add('binsRemoved', COLLECTION.bin, changedFeatures(input.bins, (s, e) => binInPlace(s) && !binInPlace(e)));
	add('binsMoved', COLLECTION.bin, changedFeatures(input.bins, (s, e) => binInPlace(s) && binInPlace(e) && movedM(s!.geometry, e!.geometry) > MOVE_TOLERANCE_M));

	const roadBaseline = (start: Feature | undefined, end: Feature | undefined) => {
		if (start || !end) return start;
		const parent = Number(propsOf(end).splitFrom);
		return Number.isInteger(parent) ? input.roads.start.get(parent) : undefined;
	};
	const hardened = changedFeatures(input.roads, (s, e) => e !== undefined && hardeningOf(propsOf(e)) === 'hardened' && hardeningOf(propsOf(roadBaseline(s, e))) !== 'hardened');
	const hardenedFeatures = hardened.map((x) => x.feature as Feature<Geometry | null>);
	const roadFigures = hardeningRates(hardenedFeatures, zones as Feature<Geometry | null>[]);
	add('roadHardenedM', COLLECTION.roadSegment, hardened, hardenedFeatures.map((f) => round(hardeningRates([f]).hardenedLengthM)));

	add('boardsRenewed', COLLECTION.displayBoard, changedFeatures(input.boards, (s, e) => {
		const updated = propsOf(e).contentUpdatedAt;
		return e !== undefined && updated !== propsOf(s).contentUpdatedAt && dateInPeriod(updated, from, to, timeZone);
	}));
	add('contractsSigned', COLLECTION.shop, changedFeatures(input.shops, (s, e) => e !== undefined && !!propsOf(e).frontageContract && !propsOf(s).frontageContract));
	add('drainsDredged', COLLECTION.drain, changedFeatures(input.drains, (s, e) => {
		if (!e) return false;
		const dredged = propsOf(e).lastDredgedAt;
		const newDate = dredged !== propsOf(s).lastDredgedAt && dateInPeriod(dredged, from, to, timeZone);
		const cleared = s !== undefined && (propsOf(s).condition ?? 'clear') !== 'clear' && (propsOf(e).condition ?? 'clear') === 'clear';
		return newDate || cleared;
	}));

	const cases = (test: (p: Record<string, unknown>) => boolean) =>
		input.hotspots.filter((h) => test(propsOf(h))).map((h) => ({ id: Number(h.id), feature: h }));
	add('hotspotsReported', COLLECTION.hotspot, cases((p) => instantInPeriod(p.reportedAt, from, to, timeZone)));
	add('hotspotsResolved', COLLECTION.hotspot, cases((p) => isResolvedHotspot(p) && instantInPeriod(p.resolvedAt, from, to, timeZone)));
	add('hotspotsVerified', COLLECTION.hotspot, cases((p) => p.status === 'verified' && instantInPeriod(p.verifiedAt, from, to, timeZone)));
	add('hotspotsFromStaff', COLLECTION.hotspot, cases((p) => !isPublicReport(p) && instantInPeriod(p.reportedAt, from, to, timeZone)));
	add('hotspotsFromPublic', COLLECTION.hotspot, cases((p) => isPublicReport(p) && instantInPeriod(p.reportedAt, from, to, timeZone)));
	add('hotspotsReopenedByResidents', COLLECTION.hotspot, cases((p) => instantInPeriod(p.residentReopenedAt, from, to, timeZone)));

	const tally = (zoneId: ZoneId | null, zoneIndex: number | null): ProgressFigures => {
		const figures = emptyProgressFigures();
		for (const item of items) {
			if (item.figure === 'roadHardenedM') continue;
			if (zoneId === null || item.zoneId === zoneId) figures[item.figure]++;
		}
		const roads = zoneIndex === null ? roadFigures : roadFigures.zones[zoneIndex];
		figures.roadHardenedM = round(roads.hardenedLengthM);
		figures.roadHardenedM2 = round(roads.hardenedAreaM2);
		return figures;
	};
	return {
		totals: tally(null, null),
		zones: zones.map((z, i) => ({ id: zoneIdOf(z, i), name: zoneNameOf(z), figures: tally(zoneIdOf(z, i), i) })),
		items
	};
}
