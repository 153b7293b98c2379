/**
 * The per-zone hotspot figures managers rank zones by (GET /api/analysis/zones): the figures of the
 * `zones` CLI command over a period, with an optional weekly trend per zone. Run in the analysis
 * worker, so the parsed layers it keeps live there.
 */
import type { Feature, Geometry } from 'geojson';
import type { Db } from '../../db';
import { kindDef, type KindDef } from '../../../domain/kinds';
import { isHotspotStatus, statusOf } from '../../../domain/hotspot-lifecycle';
import { OUTSIDE_ALL_ZONES } from '../../../geo/zone-index';
import { assignPointsToZones } from '../../../analysis/zone-assign';
import { aggregateHotspotsByZone } from '../../../analysis/zone-aggregate';
import { countFeaturesByTimeBucket, parseInstant, type InstantRange } from '../../../analysis/time-buckets';
import { ApiError } from '../../http/api-error';
import type { FeatureRepository } from '../../repositories/features';
import type { StoredFeature } from '../../repositories/stored-feature';
import { latestChangesetId } from '../../repositories/history-at';
import { MAX_PERIOD_DAYS } from '../reports/report-period';

const HOTSPOT: KindDef = kindDef('hotspot')!;
const DAY_MS = 86_400_000;

export class ZoneFiguresService {
	private analysisCache: { key: number; hotspots: Feature<Geometry>[]; zones: Feature<Geometry>[] } | null = null;

	constructor(
		private readonly db: Db,
		private readonly features: FeatureRepository,
		private readonly clock: () => Date = () => new Date()
	) {}

	/** Per-zone figures for a period, as the `zones` CLI command prints them, plus optional weekly trend. */
	compute(query: ZoneFiguresQuery): ZoneFiguresAnswer {
		const { hotspots, zones } = this.analysisInput();
		const selected = hotspots.filter(
			(h) =>
				(!query.categories || query.categories.includes(String(h.properties?.category))) &&
				(!query.statuses || query.statuses.includes(statusOf(h.properties ?? {})))
		);
		const now = query.now ?? this.clock().getTime();
		const range: InstantRange = { from: query.from, to: query.to };
		const result = aggregateHotspotsByZone(selected, zones, { now, range });
		const figures = result.zones.map((z) => ({
			id: z.id,
			name: z.name,
			count: z.count,
			perKm2: significant(z.perKm2),
			areaKm2: significant(z.areaKm2),
			per1000Residents: significant(z.per1000Residents),
			open: z.open,
			overdue: z.overdue,
			resolvedOnTimePct: round(z.resolvedOnTimePct, 1),
			medianDaysToResolve: round(z.medianDaysToResolve, 2)
		}));
		const answer: ZoneFiguresAnswer = { zones: figures, outside: result.outside, excludedByDate: result.excludedByDate, unlocated: result.unlocated };
		if (query.trend) {
			// Weekly counts per zone over the same range, for the ranking's trend lines.
			const inRange = selected.filter((h) => {
				const ms = parseInstant(h.properties?.reportedAt);
				return ms !== null && (range.from === undefined || ms >= range.from) && (range.to === undefined || ms < range.to);
			});
			const assignment = assignPointsToZones(inRange, zones);
			const byZone: Feature<Geometry>[][] = zones.map(() => []);
			assignment.zoneOfPoint.forEach((z, i) => z !== OUTSIDE_ALL_ZONES && byZone[z].push(inRange[i]));
			const weeks = countFeaturesByTimeBucket(inRange, 'week', range);
			answer.weeks = weeks.map((w) => ({ start: w.start, end: w.end }));
			answer.trend = Object.fromEntries(
				zones.map((zone, i) => [String(zone.id), weeks.length ? countFeaturesByTimeBucket(byZone[i], 'week', { from: Date.parse(weeks[0].start), to: Date.parse(weeks.at(-1)!.end) }).map((b) => b.count) : []])
			);
		}
		return answer;
	}

	private analysisInput() {
		// Reparsing every hotspot per request is the cost at 10⁵ cases; the data only changes with
		// a new changeset, so the parsed layers are kept until one is written.
		const key = latestChangesetId(this.db);
		if (this.analysisCache?.key !== key) {
			const toFeature = (f: StoredFeature): Feature<Geometry> => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties });
			this.analysisCache = { key, hotspots: this.features.all('hotspot').map(toFeature), zones: this.features.all('zone').map(toFeature) };
		}
		return this.analysisCache;
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

export interface ZoneFiguresAnswer {
	zones: {
		id: string | number;
		name: string | null;
		count: number;
		perKm2: number | null;
		areaKm2: number | null;
		per1000Residents: number | null;
		open: number;
		overdue: number;
		resolvedOnTimePct: number | null;
		medianDaysToResolve: number | null;
	}[];
	outside: number;
	excludedByDate: number;
	unlocated: number;
	weeks?: { start: string; end: string }[];
	trend?: Record<string, number[]>;
}

/** Same rounding as the `zones` CLI command, so the API and the CLI print the same figures. */
const round = (x: number | null, digits = 3) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const significant = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));

/** Parses the query of GET /api/analysis/zones; anything not understood is a 400 naming it. */
export function parseZoneFiguresQuery(params: URLSearchParams): ZoneFiguresQuery & { measure: string | null } {
	const kind = params.get('kind') ?? 'hotspots';
	if (kind !== 'hotspots') throw new ApiError(400, 'query.kind', `Zone figures are computed for kind=hotspots only, not "${kind}".`);
	const instant = (name: string) => {
		const raw = params.get(name);
		if (raw === null || raw === '') return undefined;
		const ms = parseInstant(raw);
		if (ms === null) throw new ApiError(400, `query.${name}`, `${name} must be an ISO 8601 date or instant (2026-11-01 or 2026-11-01T00:00:00Z), got "${raw}".`);
		return ms;
	};
	const from = instant('from');
	const to = instant('to');
	if (from !== undefined && to !== undefined && from >= to) throw new ApiError(400, 'query.range', 'from must be before to (from is inclusive, to exclusive).');
	const list = (name: string, allowed: readonly string[]) => {
		const raw = params.get(name);
		if (!raw) return undefined;
		const values = raw.split(',').map((s) => s.trim()).filter(Boolean);
		const bad = values.filter((v) => !allowed.includes(v));
		if (bad.length) throw new ApiError(400, `query.${name}`, `Unknown ${name} ${bad.join(', ')}; use: ${allowed.join(', ')}.`);
		return values;
	};
	const categories = list('category', HOTSPOT.fields.find((f) => f.key === 'category')!.options!.map((o) => o.value));
	const statuses = list('status', HOTSPOT.fields.find((f) => f.key === 'status')!.options!.map((o) => o.value));
	const measure = params.get('measure');
	if (measure !== null && !ZONE_MEASURES.includes(measure as ZoneMeasure)) {
		throw new ApiError(400, 'query.measure', `measure must be one of: ${ZONE_MEASURES.join(', ')}.`);
	}
	const trendParam = params.get('trend');
	if (trendParam !== null && trendParam !== '' && trendParam !== 'week') throw new ApiError(400, 'query.trend', `trend must be "week", got "${trendParam.slice(0, 40)}".`);
	const trend = trendParam === 'week';
	// The trend has a bucket per week and zone: its period is bounded so its size is.
	if (trend && (from === undefined || to === undefined || to - from > MAX_PERIOD_DAYS * DAY_MS)) {
		throw new ApiError(400, 'query.trend-period', `trend=week needs from and to at most ${MAX_PERIOD_DAYS} days apart (${Math.ceil(MAX_PERIOD_DAYS / 7)} weeks).`, {
			limit: MAX_PERIOD_DAYS
		});
	}
	return { from, to, now: instant('now'), categories, statuses: statuses?.filter(isHotspotStatus), trend, measure };
}

export const ZONE_MEASURES = ['count', 'perKm2', 'per1000Residents', 'open', 'overdue', 'resolvedOnTimePct', 'medianDaysToResolve'] as const;
export type ZoneMeasure = (typeof ZONE_MEASURES)[number];
