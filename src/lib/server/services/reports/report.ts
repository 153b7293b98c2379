/**
 * The campaign report: the scorecard at an instant, the progress over a period, and everything the
 * printable report page shows, all rebuilt from the history (history-at.ts) so a past period gives
 * the same figures however the data is edited afterwards.
 *
 * Bulk loads are stock, not progress: a feature first written by the demo seed or an import inside
 * the period is compared from that first version, so loading 77 existing bins is not "77 bins
 * added". Assets count by when a change was recorded, hotspot cases by their case dates (see
 * analysis/scorecard-progress.ts for the exact definition of every figure).
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Rules } from '../../../domain/rules';
import { COLLECTION, kindByCollection } from '../../../domain/kinds';
import { hardeningOf } from '../../../domain/surface';
import { computeScorecard, INDICATOR_KEYS, type IndicatorKey, type Scorecard } from '../../../analysis/scorecard';
import { computeProgress, PROGRESS_KEYS, type Progress, type ProgressFigures, type StatePair } from '../../../analysis/scorecard-progress';
import { instantText, localDate } from '../../../domain/time/instants';
import { computeVectorFigures, type VectorFigures } from '../../../analysis/vector-indices';
import { periodsOverlapping } from '../../../domain/time/periods';
import { aggregatePointsToGrid } from '../../../analysis/grid-aggregate';
import type { ZoneId } from '../../../analysis/zone-identity';
import type { FeatureAt } from '../../repositories/history-at';
import type { HistoryReads } from '../../store/types';
import type { ReportPeriod } from './report-period';
import { readableFeatures, type UnreadableFeature } from './readable-features';
import { geoJsonFeature } from '../../repositories/stored-feature';

/** Heat map cells, metres: about a building's length, fine enough to show a cluster on A4. */
export const HEAT_CELL_M = 50;

export interface ReportSources {
	/** The rules in force (the project's settings merged over the defaults). */
	rules: () => Rules | Promise<Rules>;
	/** Public reports marked as spam later (store/open311.ts): never cases, in any period. */
	spamCaseIds: () => Promise<ReadonlySet<number>>;
	/** Coverage targets: the basemap's buildings. */
	buildings: () => readonly Feature[];
	/** The project's time zone: weeks and dates without a time are cut in it. */
	timeZone: string;
	/** Now, for judging a period that is still running. */
	clock: () => Date;
}

export interface SummaryItem {
	figure: string;
	collection: string;
	id: number;
	zoneId: ZoneId | null;
	amount?: number;
	/** The changesets that made this change inside the period; for hotspot cases, the one that recorded the version read. */
	changesetIds: number[];
}

export interface ReportSummary {
	/** The period as instants with the offset of the zone it was cut in. */
	period: { from: string; to: string };
	timeZone: string;
	/** When the recorded history begins (the first changeset); null for an empty database. */
	historyStartsAt: string | null;
	totals: ProgressFigures;
	zones: ({ id: ZoneId; name: string | null } & ProgressFigures)[];
	items: SummaryItem[];
}

export interface IndicatorChange {
	key: IndicatorKey;
	start: number | null;
	end: number | null;
	change: number | null;
}

export interface WeeklyTrend {
	/** Monday 00:00 in the project's time zone, with its offset. */
	weekStart: string;
	figures: ProgressFigures;
}

export interface FullReport {
	summary: ReportSummary;
	/** Stored features left out because their stored geometry cannot be read; the page names them. */
	unreadable: UnreadableFeature[];
	rules: Rules;
	scorecard: Omit<Scorecard, 'layers'>;
	/** Per zone (community first, id null), each indicator at the start and the end of the period. */
	changes: { id: ZoneId | null; name: string | null; indicators: IndicatorChange[] }[];
	weekly: WeeklyTrend[];
	/** 除四害: per zone the latest survey indices and levels in the period, and the activities' totals. */
	vectors: VectorReport;
	maps: {
		bbox: [number, number, number, number] | null;
		zones: FeatureCollection;
		buildings: FeatureCollection;
		roads: FeatureCollection;
		bins: FeatureCollection;
		gapLines: FeatureCollection;
		uncoveredBuildings: FeatureCollection;
		heatCells: FeatureCollection;
		/** Ids of roads hardened in the period. */
		hardenedInPeriod: number[];
	};
}

export type VectorReport = VectorFigures & { timeZone: string };

const KINDS = {
	zones: 'zone',
	bins: 'bin',
	collectionPoints: 'collectionPoint',
	roads: 'roadSegment',
	drains: 'drain',
	boards: 'displayBoard',
	shops: 'shop',
	hotspots: 'hotspot',
	baitStations: 'baitStation',
	vectorSurveys: 'vectorSurvey',
	vectorActivities: 'vectorActivity'
} as const;

const collectionOf = (features: readonly Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features: [...features] });

export class ReportService {
	/** Features left out of the figures since this was last emptied (see readable-features.ts). */
	private readonly unreadable = new Map<string, UnreadableFeature>();

	constructor(
		private readonly history: HistoryReads,
		private readonly sources: ReportSources
	) {}

	/** Live features of a kind as of `at` (everything recorded before it) that can be read. */
	private async stateAt(kind: string, at: number): Promise<FeatureAt[]> {
		const features = readableFeatures(await this.history.featuresAsOf(kind, at), kind, this.unreadable);
		if (kind !== KINDS.hotspots) return features;
		// A public report marked as spam later was never a case, in any period.
		const spam = await this.sources.spamCaseIds();
		return spam.size === 0 ? features : features.filter((f) => !spam.has(f.id));
	}

	private async featuresAt(kind: string, at: number): Promise<Feature[]> {
		return (await this.stateAt(kind, at)).map(geoJsonFeature);
	}

	async scorecardAt(at: number): Promise<Scorecard> {
		return computeScorecard(
			{
				zones: await this.featuresAt(KINDS.zones, at),
				bins: await this.featuresAt(KINDS.bins, at),
				collectionPoints: await this.featuresAt(KINDS.collectionPoints, at),
				roads: await this.featuresAt(KINDS.roads, at),
				drains: await this.featuresAt(KINDS.drains, at),
				boards: await this.featuresAt(KINDS.boards, at),
				shops: await this.featuresAt(KINDS.shops, at),
				hotspots: await this.featuresAt(KINDS.hotspots, at),
				buildings: this.sources.buildings(),
				baitStations: await this.featuresAt(KINDS.baitStations, at),
				vectorSurveys: await this.featuresAt(KINDS.vectorSurveys, at)
			},
			await this.sources.rules(),
			at,
			this.sources.timeZone
		);
	}

	/** A kind's state at the start (bulk loads inside the period counted as already there) and at the end. */
	private async statePair(kind: string, { from, to }: ReportPeriod): Promise<StatePair> {
		const start = new Map<number, Feature>((await this.stateAt(kind, from)).map((f) => [f.id, geoJsonFeature(f)]));
		const bulk = new Map(readableFeatures([...(await this.history.bulkLoadedIn(kind, from, to)).values()], kind, this.unreadable).map((f) => [f.id, f]));
		for (const [id, first] of bulk) if (!start.has(id)) start.set(id, geoJsonFeature(first));
		return { start, end: new Map((await this.stateAt(kind, to)).map((f) => [f.id, geoJsonFeature(f)])) };
	}

	/**
	 * Progress over a period. Hotspot cases are read as recorded at `casesRecordedBy` (default: the
	 * end of the period); the weekly trend passes the end of the whole period so its weeks add up to
	 * the period's case counts even for a case recorded after the week it happened in.
	 */
	async progress(period: ReportPeriod, casesRecordedBy = period.to): Promise<Progress & { hotspotsAtEnd: FeatureAt[] }> {
		const hotspotsAtEnd = await this.stateAt(KINDS.hotspots, casesRecordedBy);
		const progress = computeProgress({
			...period,
			timeZone: this.sources.timeZone,
			zones: await this.featuresAt(KINDS.zones, period.to),
			bins: await this.statePair(KINDS.bins, period),
			roads: await this.statePair(KINDS.roads, period),
			boards: await this.statePair(KINDS.boards, period),
			shops: await this.statePair(KINDS.shops, period),
			drains: await this.statePair(KINDS.drains, period),
			hotspots: hotspotsAtEnd.map(geoJsonFeature)
		});
		return { ...progress, hotspotsAtEnd };
	}

	/** The period's figures, totals and per zone, with the features and changesets behind each. */
	async summary(period: ReportPeriod): Promise<ReportSummary> {
		const { totals, zones, items, hotspotsAtEnd } = await this.progress(period);
		const touched = new Map<string, Map<number, number[]>>();
		for (const collection of new Set(items.map((item) => item.collection))) {
			const kind = kindByCollection(collection)?.kind;
			touched.set(collection, kind ? await this.history.changesetsInPeriod(kind, period.from, period.to) : new Map());
		}
		const changesetsOf = (collection: string, id: number): number[] => touched.get(collection)?.get(id) ?? [];
		const recordedBy = new Map(hotspotsAtEnd.map((h) => [h.id, h.changesetId]));
		return {
			period: { from: instantText(period.from, this.sources.timeZone), to: instantText(period.to, this.sources.timeZone) },
			timeZone: this.sources.timeZone,
			historyStartsAt: await this.history.historyStartsAt(),
			totals,
			zones: zones.map((z) => ({ id: z.id, name: z.name, ...z.figures })),
			items: items.map((item) => {
				const inPeriod = changesetsOf(item.collection, item.id);
				const changesetIds = inPeriod.length > 0 || item.collection !== COLLECTION.hotspot ? inPeriod : [recordedBy.get(item.id)!];
				return { ...item, changesetIds };
			})
		};
	}

	/**
	 * Progress week by week (ISO weeks from Monday 00:00 in the project's zone), each clipped to the period. Each week
	 * compares its own start and end, so a change undone in a later week counts in both weeks
	 * (once each way) while the period as a whole shows neither.
	 */
	async weekly(period: ReportPeriod): Promise<WeeklyTrend[]> {
		const weeks: WeeklyTrend[] = [];
		for (const week of periodsOverlapping(period, 'week', this.sources.timeZone)) {
			const slice = { from: Math.max(week.from, period.from), to: Math.min(week.to, period.to) };
			weeks.push({ weekStart: instantText(week.from, this.sources.timeZone), figures: (await this.progress(slice, period.to)).totals });
		}
		return weeks;
	}

	/**
	 * 除四害 figures of a period (days of the project's time zone, `to` exclusive) from the records as
	 * they stood at `asOf`. The report reads them at the end of its period (now, for a period still
	 * running: see `full`), so a past month keeps its figures when a late survey or a correction is
	 * recorded afterwards; the 除四害 tab (GET /api/analysis/vectors) reads them as they stand now.
	 */
	async vectors(period: ReportPeriod, asOf = this.sources.clock().getTime()): Promise<VectorReport> {
		const tz = this.sources.timeZone;
		const figures = computeVectorFigures(
			await this.featuresAt(KINDS.zones, asOf),
			await this.featuresAt(KINDS.vectorSurveys, asOf),
			await this.featuresAt(KINDS.vectorActivities, asOf),
			(await this.sources.rules()).vectorLevels,
			{ from: localDate(period.from, tz), to: localDate(period.to, tz) }
		);
		return { ...figures, timeZone: tz };
	}

	/**
	 * Everything the printable report shows. The scorecard is judged at the end of the period, or
	 * at now for a period still running (a hotspot due tomorrow is not overdue yet); the 除四害
	 * section reads the records as they stood then too.
	 */
	async full(period: ReportPeriod, now = this.sources.clock().getTime()): Promise<FullReport> {
		this.unreadable.clear();
		const summary = await this.summary(period);
		const end = await this.scorecardAt(Math.min(period.to, now));
		const start = await this.scorecardAt(Math.min(period.from, now));
		const startById = new Map([[null, start.total] as const, ...start.zones.map((z) => [z.id, z] as const)]);
		const changes = [end.total, ...end.zones].map((z) => {
			const before = startById.get(z.id);
			return {
				id: z.id,
				name: z.name,
				indicators: INDICATOR_KEYS.map((key) => {
					const endValue = z.indicators.find((x) => x.key === key)!.value;
					const startValue = before?.indicators.find((x) => x.key === key)?.value ?? null;
					return { key, start: startValue, end: endValue, change: startValue !== null && endValue !== null ? round(endValue - startValue) : null };
				})
			};
		});

		const zones = await this.featuresAt(KINDS.zones, period.to);
		const roads = (await this.featuresAt(KINDS.roads, period.to)).map((r) => ({ ...r, properties: { hardening: hardeningOf(r.properties ?? {}) } }));
		const bins = (await this.featuresAt(KINDS.bins, period.to)).map((b) => ({ ...b, properties: { status: b.properties?.status ?? 'installed' } }));
		const reported = new Set(summary.items.filter((i) => i.figure === 'hotspotsReported').map((i) => i.id));
		const hotspots = (await this.featuresAt(KINDS.hotspots, period.to)).filter((h) => reported.has(Number(h.id)));
		const buildings = this.sources.buildings();
		const all = [...zones, ...roads];
		const { layers, ...scorecard } = end;
		return {
			summary,
			unreadable: [...this.unreadable.values()].sort((a, b) => a.collection.localeCompare(b.collection) || a.id - b.id),
			rules: await this.sources.rules(),
			scorecard,
			changes,
			weekly: await this.weekly(period),
			vectors: await this.vectors(period, Math.min(period.to, now)),
			maps: {
				bbox: all.length ? bboxOf(all) : null,
				zones: collectionOf(zones),
				buildings: collectionOf(buildings),
				roads: collectionOf(roads),
				bins: collectionOf(bins),
				gapLines: layers.gapLines,
				uncoveredBuildings: layers.uncoveredBuildings,
				heatCells: hotspots.length ? aggregatePointsToGrid(hotspots, { cellSizeM: HEAT_CELL_M, origin: all.length ? bboxOf(all).slice(0, 2) : undefined }) : collectionOf([]),
				hardenedInPeriod: summary.items.filter((i) => i.figure === 'roadHardenedM').map((i) => i.id)
			}
		};
	}
}

const round = (n: number) => Math.round(n * 100) / 100;

function bboxOf(features: readonly Feature[]): [number, number, number, number] {
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	const visit = (c: unknown): void => {
		if (Array.isArray(c) && typeof c[0] === 'number') {
			const [x, y] = c as number[];
			if (x < minX) minX = x;
			if (x > maxX) maxX = x;
			if (y < minY) minY = y;
			if (y > maxY) maxY = y;
		} else if (Array.isArray(c)) c.forEach(visit);
	};
	for (const f of features) visit((f.geometry as Exclude<Geometry, { type: 'GeometryCollection' }> | null)?.coordinates);
	return [minX, minY, maxX, maxY];
}

export { PROGRESS_KEYS, INDICATOR_KEYS };
