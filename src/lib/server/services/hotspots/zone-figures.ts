/**
 * The per-zone hotspot figures managers rank zones by (GET /api/analysis/zones): the figures of the
 * `zones` CLI command over a period, with an optional weekly trend per zone. Run in the analysis
 * worker, so the parsed layers it keeps live there.
 */
import { kindDef, type KindDef } from '../../../domain/kinds';
import { isHotspotStatus } from '../../../domain/hotspot-lifecycle';
import { HotspotZoneState, type SavedHotspots } from '../../../analysis/hotspot-zone-state';
import { printedZoneFigures } from '../../../analysis/zone-figures-printed';
import type { ZoneFiguresAnswer } from '../../../domain/api-types';
import { countByTimeBucket } from '../../../analysis/time-buckets';
import { parseInstant } from '../../../domain/time/instants';
import { ServiceError } from '../service-error';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import { KeptLayer } from '../analysis/kept-layer';
import type { SavedStates } from '../analysis/saved-states';
import { MAX_PERIOD_DAYS } from '../reports/report-period';

const HOTSPOT: KindDef = kindDef('hotspot')!;
const DAY_MS = 86_400_000;

export class ZoneFiguresService {
	/** The hotspots kept per zone. */
	private readonly hotspots: KeptLayer<HotspotZoneState>;

	constructor(
		features: FeatureReads,
		changesets: Pick<ChangesetStore, 'latestId' | 'createdAtOf'>,
		private readonly clock: () => Date,
		/** The project's time zone: the weeks and the query's dates are cut in it. */
		private readonly timeZone: string,
		/** Where the kept state is saved for the next start; not saved without. */
		states?: SavedStates
	) {
		this.hotspots = new KeptLayer(
			features,
			changesets,
			'hotspot',
			(zones) => new HotspotZoneState(zones, timeZone),
			states && {
				states,
				name: 'hotspots',
				parameters: timeZone,
				save: (state) => state.toSaved(),
				restore: (zones, data) => HotspotZoneState.fromSaved(zones, timeZone, data as SavedHotspots)
			}
		);
	}

	/** Builds the kept state now, so that the first request finds it. */
	async warm(): Promise<void> {
		await this.hotspots.current();
	}

	/** Takes up the state the last start saved, if there is one it can use, and brings it up to date; whether it did. */
	async warmFromSaved(): Promise<boolean> {
		if (!(await this.hotspots.restore())) return false;
		await this.hotspots.current();
		return true;
	}

	/** Per-zone figures for a period, as the `zones` CLI command prints them, plus optional weekly trend. */
	async compute(query: ZoneFiguresQuery): Promise<ZoneFiguresAnswer> {
		const state = await this.hotspots.current();
		const now = query.now ?? this.clock().getTime();
		const selection = { range: { from: query.from, to: query.to }, categories: query.categories, statuses: query.statuses };
		const timeZone = this.timeZone;
		const answer: ZoneFiguresAnswer = { ...printedZoneFigures(state.aggregate(now, selection)), timeZone };
		if (query.trend && query.from !== undefined && query.to !== undefined) {
			// Weekly counts per zone over the same range (weeks of the project's zone), for the ranking's trend lines.
			const { all, byZone } = state.reportedInstants({ ...selection, range: { from: query.from, to: query.to } });
			const weeks = countByTimeBucket(all, 'week', selection.range, timeZone);
			answer.weeks = weeks.map((w) => ({ start: w.start, end: w.end }));
			const span = weeks.length ? { from: Date.parse(weeks[0].start), to: Date.parse(weeks.at(-1)!.end) } : null;
			answer.trend = Object.fromEntries(state.zoneIds.map((id, i) => [String(id), span ? countByTimeBucket(byZone[i], 'week', span, timeZone).map((b) => b.count) : []]));
		}
		return answer;
	}
}

export interface ZoneFiguresQuery {
	from?: number;
	to?: number;
	now?: number;
	categories?: string[];
	statuses?: string[];
	trend?: boolean;
}

/**
 * Parses the query of GET /api/analysis/zones; anything not understood is a 400 naming it. A date
 * without a time (from=2026-11-01) is the start of that day in `timeZone`, the project's.
 */
export function parseZoneFiguresQuery(params: URLSearchParams, timeZone: string): ZoneFiguresQuery & { measure: string | null } {
	const kind = params.get('kind') ?? HOTSPOT.collection;
	if (kind !== HOTSPOT.collection) throw new ServiceError('invalid', 'query.kind', `Zone figures are computed for kind=${HOTSPOT.collection} only, not "${kind}".`);
	const instant = (name: string) => {
		const raw = params.get(name);
		if (raw === null || raw === '') return undefined;
		const ms = parseInstant(raw, timeZone);
		if (ms === null) throw new ServiceError('invalid', `query.${name}`, `${name} must be an ISO 8601 date or instant (2026-11-01 or 2026-11-01T00:00:00Z), got "${raw}".`);
		return ms;
	};
	const from = instant('from');
	const to = instant('to');
	if (from !== undefined && to !== undefined && from >= to) throw new ServiceError('invalid', 'query.range', 'from must be before to (from is inclusive, to exclusive).');
	const list = (name: string, allowed: readonly string[]) => {
		const raw = params.get(name);
		if (!raw) return undefined;
		const values = raw.split(',').map((s) => s.trim()).filter(Boolean);
		const bad = values.filter((v) => !allowed.includes(v));
		if (bad.length) throw new ServiceError('invalid', `query.${name}`, `Unknown ${name} ${bad.join(', ')}; use: ${allowed.join(', ')}.`);
		return values;
	};
	const categories = list('category', HOTSPOT.fields.find((f) => f.key === 'category')!.options!.map((o) => o.value));
	const statuses = list('status', HOTSPOT.fields.find((f) => f.key === 'status')!.options!.map((o) => o.value));
	const measure = params.get('measure');
	if (measure !== null && !ZONE_MEASURES.includes(measure as ZoneMeasure)) {
		throw new ServiceError('invalid', 'query.measure', `measure must be one of: ${ZONE_MEASURES.join(', ')}.`);
	}
	const trendParam = params.get('trend');
	if (trendParam !== null && trendParam !== '' && trendParam !== 'week') throw new ServiceError('invalid', 'query.trend', `trend must be "week", got "${trendParam.slice(0, 40)}".`);
	const trend = trendParam === 'week';
	// The trend has a bucket per week and zone: its period is bounded so its size is.
	if (trend && (from === undefined || to === undefined || to - from > MAX_PERIOD_DAYS * DAY_MS)) {
		throw new ServiceError('invalid', 'query.trend-period', `trend=week needs from and to at most ${MAX_PERIOD_DAYS} days apart (${Math.ceil(MAX_PERIOD_DAYS / 7)} weeks).`, {
			limit: MAX_PERIOD_DAYS
		});
	}
	return { from, to, now: instant('now'), categories, statuses: statuses?.filter(isHotspotStatus), trend, measure };
}

export const ZONE_MEASURES = ['count', 'perKm2', 'per1000Residents', 'open', 'overdue', 'resolvedOnTimePct', 'medianDaysToResolve'] as const;
export type ZoneMeasure = (typeof ZONE_MEASURES)[number];
