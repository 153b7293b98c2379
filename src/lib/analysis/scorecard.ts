/**
 * The campaign scorecard: for each zone and for the whole community, the figures an inspection
 * looks at, each judged against the project's rules (DESIGN.md §3) as meets / close / fails, with
 * the rule and its source, and the features behind every shortfall so a reader can find them on
 * the map.
 *
 * It combines the existing analyses rather than re-implementing them: walking-radius coverage
 * (computeCoverage) for bins and collection points, spacing gaps along roads (computeSpacingGaps),
 * hardening rates with exact clipping (hardeningRates) and the hotspot measures per zone
 * (aggregateHotspotsByZone). Counts of drains, boards and shops are plain tallies here.
 *
 * Definitions (the report's footnotes repeat them):
 * - bins in place: status installed or damaged (planned and removed bins are not on the street);
 *   coverage and spacing count only those.
 * - a drain needs dredging when its condition is silted, blocked or overflowing.
 * - a display board is stale when its `contentUpdatedAt` is missing or older than
 *   `boardContentIntervalDays` at the scorecard's instant.
 * - food trades are shops of category food or grocery (the trades that sell food and need a hygiene
 *   licence); licensed means `hygieneLicence` is `valid`.
 * - a hotspot is overdue when it is open with `dueAt` before the instant; resolved on time when
 *   `resolvedAt` ≤ `dueAt`.
 */
import type { Feature, FeatureCollection, Geometry, LineString } from 'geojson';
import type { Rules } from '../domain/rules';
import type { LocalizedText } from '../domain/i18n-text';
import { COLLECTION } from '../domain/kinds';
import { hardeningOf } from '../domain/surface';
import { computeCoverage } from './coverage';
import { computeSpacingGaps, type GapLineProperties } from './gaps';
import { hardeningRates, type HardeningSummary } from './hardening-rate';
import { aggregateHotspotsByZone } from './zone-aggregate';
import { isOpenHotspot, isResolvedHotspot, measureHotspots, type HotspotMeasures } from './zone-hotspot-measures';
import { parseInstant } from '../domain/time/instants';
import { isStaleDate } from './staleness';
import { rulerAt } from '../geo/ruler-at';
import { zoneIdOf, zoneNameOf, type ZoneId } from './zone-identity';
import { judgeAtLeast, judgeZero, ruleSource, type RuleKey, type Status } from './scorecard-status';
import { representativePoint, zoneOfEach } from './scorecard-zones';
import { computeVectorFigures, staleBaitStations } from './vector-indices';
import { worseLevel, type DensityLevel } from '../domain/vector-levels';
import { addDays, localDate } from '../domain/time/instants';

export const DRAIN_CONDITIONS = ['clear', 'silted', 'blocked', 'overflowing'] as const;
export const FOOD_TRADES = new Set(['food', 'grocery']);
const BIN_IN_PLACE = new Set(['installed', 'damaged']);

/** The community's features, each list of one kind as it stood at the scorecard's instant. */
export interface ScorecardInput {
	zones: readonly Feature[];
	bins: readonly Feature[];
	collectionPoints: readonly Feature[];
	roads: readonly Feature[];
	drains: readonly Feature[];
	boards: readonly Feature[];
	shops: readonly Feature[];
	hotspots: readonly Feature[];
	/** Coverage targets: the buildings of the basemap. */
	buildings: readonly Feature[];
	/** 除四害: bait stations and vector surveys (absent: no such records). */
	baitStations?: readonly Feature[];
	vectorSurveys?: readonly Feature[];
}

export interface FeatureRef {
	collection: string;
	id: string | number;
}

export const INDICATOR_KEYS = [
	'binCoverage',
	'binSpacingGap',
	'collectionPointCoverage',
	'roadHardening',
	'drainsNeedingDredging',
	'boardsCurrent',
	'shopsWithContract',
	'foodTradesLicensed',
	'hotspotsOverdue',
	'hotspotsResolvedOnTime',
	'baitStationsCurrent',
	'vectorDensity'
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface Indicator {
	key: IndicatorKey;
	/** The figure judged: a percentage, metres or a count (see unit); null when it does not apply. */
	value: number | null;
	unit: '%' | 'm' | 'count';
	/** What it should be: a percentage to reach, or 0 for a shortfall. */
	target: number;
	status: Status;
	rule: { key: RuleKey; value: unknown; source: LocalizedText };
	/** The features behind a shortfall (uncovered buildings are basemap, not features, and are not listed). */
	features: FeatureRef[];
}

export interface ScoreFigures {
	bins: number;
	binsDamaged: number;
	buildings: number;
	buildingsCoveredByBins: number;
	binCoveragePct: number | null;
	roadLengthM: number;
	binSpacingGapM: number;
	collectionPoints: number;
	buildingsCoveredByCollectionPoints: number;
	collectionPointCoveragePct: number | null;
	hardenedLengthM: number;
	unhardenedLengthM: number;
	unknownSurfaceLengthM: number;
	hardenedAreaM2: number;
	hardeningRatePct: number | null;
	alleyHardeningRatePct: number | null;
	drains: number;
	drainsByCondition: Record<(typeof DRAIN_CONDITIONS)[number], number>;
	drainsNeedingDredging: number;
	boards: number;
	boardsStale: number;
	shops: number;
	shopsWithContract: number;
	shopsWithoutContract: number;
	foodTrades: number;
	foodTradesLicensed: number;
	foodTradesUnlicensed: number;
	hotspots: number;
	hotspotsOpen: number;
	hotspotsOverdue: number;
	hotspotsResolvedWithDeadline: number;
	hotspotsResolvedOnTimePct: number | null;
	hotspotsMedianDaysToResolve: number | null;
	baitStations: number;
	baitStationsStale: number;
	/** The density control level the latest surveys reach (the worst of the zone's groups; for the community, of its zones). */
	vectorLevel: DensityLevel | null;
	/** Vector groups (a zone's) or zones (the community's) whose latest survey is below C. */
	vectorBelowC: number;
}

export interface ZoneScore {
	/** The zone's id; null for the whole community. */
	id: ZoneId | null;
	name: string | null;
	figures: ScoreFigures;
	indicators: Indicator[];
}

export interface Scorecard {
	/** The instant judged, ISO. */
	at: string;
	total: ZoneScore;
	zones: ZoneScore[];
	/** Per zone (community first), the indicators that fail or are close, worst first. */
	readiness: { id: ZoneId | null; name: string | null; items: Indicator[] }[];
	/** Geometry for the report's maps. */
	layers: {
		gapLines: FeatureCollection<LineString, GapLineProperties>;
		uncoveredBuildings: FeatureCollection;
	};
}

const ref = (collection: string) => (f: Feature): FeatureRef => ({ collection, id: f.id as string | number });
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const pct = (part: number, whole: number) => (whole > 0 ? round((100 * part) / whole) : null);
const propsOf = (f: Feature) => (f.properties ?? {}) as Record<string, unknown>;

/** Splits features by zone: index z holds zone z's features; the last list holds every feature (the community). */
function byZone(features: readonly Feature[], zones: readonly Feature[]): Feature[][] {
	const groups: Feature[][] = zones.map(() => []);
	const zoneOf = zoneOfEach(features, zones);
	features.forEach((f, i) => {
		if (zoneOf[i] >= 0) groups[zoneOf[i]].push(f);
	});
	groups.push([...features]);
	return groups;
}

const isStale = (board: Feature, at: number, intervalDays: number, timeZone: string) => isStaleDate(propsOf(board).contentUpdatedAt, at, intervalDays, timeZone);

function isOverdueAt(hotspot: Feature, at: number, timeZone: string): boolean {
	const due = parseInstant(propsOf(hotspot).dueAt, timeZone);
	return isOpenHotspot(propsOf(hotspot)) && due !== null && due < at;
}

function isResolvedLate(hotspot: Feature, timeZone: string): boolean {
	const p = propsOf(hotspot);
	const resolved = parseInstant(p.resolvedAt, timeZone);
	const due = parseInstant(p.dueAt, timeZone);
	return isResolvedHotspot(p) && resolved !== null && due !== null && resolved > due;
}

/** Road segments a spacing gap lies on: the counted road nearest the middle of each gap. */
function roadsUnderGaps(gapLines: readonly Feature<LineString>[], roads: readonly Feature[]): Feature[] {
	const lines = roads.filter((r): r is Feature<LineString> => r.geometry?.type === 'LineString');
	return gapLines.map((gap) => {
		const mid = representativePoint(gap.geometry) as [number, number];
		// cheap-ruler, not Turf's pointToLineDistance: the nearest of every road for every gap, and
		// Turf's geodesic version cost the report a second on the small demo alone.
		const ruler = rulerAt(mid[1]);
		let best: Feature | null = null;
		let bestM = Infinity;
		for (const road of lines) {
			const d = ruler.distance(mid, ruler.pointOnLine(road.geometry.coordinates as [number, number][], mid).point);
			if (d < bestM) [best, bestM] = [road, d];
		}
		return best ?? gap;
	});
}

interface Analyses {
	binCoverage: { targets: number; covered: number };
	cpCoverage: { targets: number; covered: number };
	gaps: { roadLengthM: number; gapLengthM: number };
	hardening: HardeningSummary;
	hotspots: HotspotMeasures;
	vectors: { level: DensityLevel | null; belowC: number; judged: number; surveyIds: (string | number)[] };
}

interface Groups {
	bins: Feature[];
	collectionPoints: Feature[];
	roads: Feature[];
	drains: Feature[];
	boards: Feature[];
	shops: Feature[];
	hotspots: Feature[];
	gapRoads: Feature[];
	baitStations: Feature[];
}

function scoreOf(id: ZoneId | null, name: string | null, g: Groups, a: Analyses, rules: Rules, at: number, timeZone: string): ZoneScore {
	const binsInPlace = g.bins.filter((b) => BIN_IN_PLACE.has(String(propsOf(b).status ?? 'installed')));
	const drainsByCondition = Object.fromEntries(DRAIN_CONDITIONS.map((c) => [c, 0])) as ScoreFigures['drainsByCondition'];
	for (const d of g.drains) {
		const c = String(propsOf(d).condition ?? 'clear') as (typeof DRAIN_CONDITIONS)[number];
		if (c in drainsByCondition) drainsByCondition[c]++;
	}
	const needDredging = g.drains.filter((d) => (propsOf(d).condition ?? 'clear') !== 'clear');
	const stale = g.boards.filter((b) => isStale(b, at, rules.boardContentIntervalDays, timeZone));
	const noContract = g.shops.filter((s) => !propsOf(s).frontageContract);
	const food = g.shops.filter((s) => FOOD_TRADES.has(String(propsOf(s).category)));
	const unlicensed = food.filter((s) => propsOf(s).hygieneLicence !== 'valid');
	const overdue = g.hotspots.filter((h) => isOverdueAt(h, at, timeZone));
	const late = g.hotspots.filter((h) => isResolvedLate(h, timeZone));
	const unhardened = g.roads.filter((r) => hardeningOf(propsOf(r)) === 'unhardened');
	const alleys = a.hardening.byClass.find((c) => c.roadClass === 'alley');
	const stations = g.baitStations.filter((b) => propsOf(b).status !== 'removed');
	const staleStations = staleBaitStations(stations, at, rules.baitRefillIntervalDays, timeZone);

	const figures: ScoreFigures = {
		bins: binsInPlace.length,
		binsDamaged: binsInPlace.filter((b) => propsOf(b).status === 'damaged').length,
		buildings: a.binCoverage.targets,
		buildingsCoveredByBins: a.binCoverage.covered,
		binCoveragePct: pct(a.binCoverage.covered, a.binCoverage.targets),
		roadLengthM: round(a.gaps.roadLengthM),
		binSpacingGapM: round(a.gaps.gapLengthM),
		collectionPoints: g.collectionPoints.length,
		buildingsCoveredByCollectionPoints: a.cpCoverage.covered,
		collectionPointCoveragePct: pct(a.cpCoverage.covered, a.cpCoverage.targets),
		hardenedLengthM: round(a.hardening.hardenedLengthM),
		unhardenedLengthM: round(a.hardening.unhardenedLengthM),
		unknownSurfaceLengthM: round(a.hardening.unknownLengthM),
		hardenedAreaM2: round(a.hardening.hardenedAreaM2),
		hardeningRatePct: a.hardening.ratePct === null ? null : round(a.hardening.ratePct),
		alleyHardeningRatePct: alleys?.ratePct == null ? null : round(alleys.ratePct),
		drains: g.drains.length,
		drainsByCondition,
		drainsNeedingDredging: needDredging.length,
		boards: g.boards.length,
		boardsStale: stale.length,
		shops: g.shops.length,
		shopsWithContract: g.shops.length - noContract.length,
		shopsWithoutContract: noContract.length,
		foodTrades: food.length,
		foodTradesLicensed: food.length - unlicensed.length,
		foodTradesUnlicensed: unlicensed.length,
		hotspots: a.hotspots.count,
		hotspotsOpen: a.hotspots.open,
		hotspotsOverdue: a.hotspots.overdue,
		hotspotsResolvedWithDeadline: a.hotspots.resolvedWithDeadline,
		hotspotsResolvedOnTimePct: a.hotspots.resolvedOnTimePct === null ? null : round(a.hotspots.resolvedOnTimePct),
		hotspotsMedianDaysToResolve: a.hotspots.medianDaysToResolve === null ? null : round(a.hotspots.medianDaysToResolve, 1),
		baitStations: stations.length,
		baitStationsStale: staleStations.length,
		vectorLevel: a.vectors.level,
		vectorBelowC: a.vectors.belowC
	};

	const rule = (key: RuleKey, value: unknown) => ({ key, value, source: ruleSource(key) });
	const hardeningStatus = (): Status => {
		if (a.hardening.ratePct === null) return 'none';
		const overall = judgeAtLeast(a.hardening.ratePct, rules.hardeningTargetPct);
		const alley = alleys?.ratePct == null ? 'meets' : judgeAtLeast(alleys.ratePct, rules.hardeningTargetAlleyPct);
		const order: Status[] = ['fails', 'close', 'meets'];
		return order.find((s) => s === overall || s === alley) ?? 'meets';
	};
	const indicators: Indicator[] = [
		{
			key: 'binCoverage', value: figures.binCoveragePct, unit: '%', target: 100,
			status: judgeAtLeast(figures.binCoveragePct, 100), rule: rule('binWalkingRadiusM', rules.binWalkingRadiusM), features: []
		},
		{
			key: 'binSpacingGap', value: figures.binSpacingGapM, unit: 'm', target: 0,
			status: judgeZero(figures.binSpacingGapM, figures.roadLengthM || null), rule: rule('binSpacingM', rules.binSpacingM),
			features: dedupe(g.gapRoads.map(ref(COLLECTION.roadSegment)))
		},
		{
			key: 'collectionPointCoverage', value: figures.collectionPointCoveragePct, unit: '%', target: 100,
			status: judgeAtLeast(figures.collectionPointCoveragePct, 100), rule: rule('collectionPointRadiusM', rules.collectionPointRadiusM), features: []
		},
		{
			key: 'roadHardening', value: figures.hardeningRatePct, unit: '%', target: rules.hardeningTargetPct,
			status: hardeningStatus(), rule: rule('hardeningTargetPct', { all: rules.hardeningTargetPct, alley: rules.hardeningTargetAlleyPct }),
			features: unhardened.map(ref(COLLECTION.roadSegment))
		},
		{
			key: 'drainsNeedingDredging', value: needDredging.length, unit: 'count', target: 0,
			status: judgeZero(needDredging.length, g.drains.length || null), rule: rule('drainsClear', null), features: needDredging.map(ref(COLLECTION.drain))
		},
		{
			key: 'boardsCurrent', value: pct(g.boards.length - stale.length, g.boards.length), unit: '%', target: 100,
			status: judgeAtLeast(pct(g.boards.length - stale.length, g.boards.length), 100),
			rule: rule('boardContentIntervalDays', rules.boardContentIntervalDays), features: stale.map(ref(COLLECTION.displayBoard))
		},
		{
			key: 'shopsWithContract', value: pct(figures.shopsWithContract, g.shops.length), unit: '%', target: 100,
			status: judgeAtLeast(pct(figures.shopsWithContract, g.shops.length), 100), rule: rule('frontageContract', null), features: noContract.map(ref(COLLECTION.shop))
		},
		{
			key: 'foodTradesLicensed', value: pct(figures.foodTradesLicensed, food.length), unit: '%', target: 100,
			status: judgeAtLeast(pct(figures.foodTradesLicensed, food.length), 100), rule: rule('hygieneLicence', null), features: unlicensed.map(ref(COLLECTION.shop))
		},
		{
			key: 'hotspotsOverdue', value: figures.hotspotsOverdue, unit: 'count', target: 0,
			status: judgeZero(figures.hotspotsOverdue, figures.hotspotsOpen || null), rule: rule('hotspotDeadlineDays', rules.hotspotDeadlineDays),
			features: overdue.map(ref(COLLECTION.hotspot))
		},
		{
			key: 'hotspotsResolvedOnTime', value: figures.hotspotsResolvedOnTimePct, unit: '%', target: 100,
			status: judgeAtLeast(figures.hotspotsResolvedOnTimePct, 100), rule: rule('hotspotDeadlineDays', rules.hotspotDeadlineDays),
			features: late.map(ref(COLLECTION.hotspot))
		},
		{
			key: 'baitStationsCurrent', value: pct(stations.length - staleStations.length, stations.length), unit: '%', target: 100,
			status: judgeAtLeast(pct(stations.length - staleStations.length, stations.length), 100),
			rule: rule('baitRefillIntervalDays', rules.baitRefillIntervalDays), features: staleStations.map(ref(COLLECTION.baitStation))
		},
		{
			// What still fails the density control levels: groups (or zones) whose latest survey is below C.
			key: 'vectorDensity', value: a.vectors.judged > 0 ? a.vectors.belowC : null, unit: 'count', target: 0,
			status: a.vectors.judged > 0 ? judgeZero(a.vectors.belowC, a.vectors.judged) : 'none',
			rule: rule('vectorLevels', rules.vectorLevels), features: a.vectors.surveyIds.map((id) => ({ collection: COLLECTION.vectorSurvey, id }))
		}
	];
	return { id, name, figures, indicators };
}

function dedupe(refs: FeatureRef[]): FeatureRef[] {
	const seen = new Set<string>();
	return refs.filter((r) => {
		const key = `${r.collection}:${r.id}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

const STATUS_ORDER: Record<Status, number> = { fails: 0, close: 1, meets: 2, none: 3 };

/**
 * Scores every zone and the whole community at the instant `at` (ms). Dates without a time
 * (`contentUpdatedAt`) are days of `timeZone`, the project's. Inputs are not mutated.
 */
export function computeScorecard(input: ScorecardInput, rules: Rules, at: number, timeZone = 'UTC'): Scorecard {
	const zones = input.zones.filter((z) => z.geometry?.type === 'Polygon' || z.geometry?.type === 'MultiPolygon');
	const binsInPlace = input.bins.filter((b) => BIN_IN_PLACE.has(String(propsOf(b).status ?? 'installed')));
	const buildings = input.buildings.filter((b) => b.geometry && /Polygon|Point/.test(b.geometry.type));

	const binCoverage = computeCoverage(binsInPlace, buildings, { radiusM: rules.binWalkingRadiusM, zones });
	const cpCoverage = computeCoverage(input.collectionPoints, buildings, { radiusM: rules.collectionPointRadiusM, zones });
	const gaps = computeSpacingGaps(binsInPlace, input.roads, { binSpacingM: rules.binSpacingM, zones });
	const hardening = hardeningRates(input.roads as Feature<Geometry | null>[], zones as Feature<Geometry | null>[], {
		targetPct: rules.hardeningTargetPct,
		alleyTargetPct: rules.hardeningTargetAlleyPct
	});
	const hotspotZones = aggregateHotspotsByZone(input.hotspots as Feature<Geometry | null>[], zones as Feature<Geometry | null>[], { now: at, timeZone });
	const gapRoads = roadsUnderGaps(gaps.gapLines.features, input.roads);

	const split = {
		bins: byZone(input.bins, zones),
		collectionPoints: byZone(input.collectionPoints, zones),
		roads: byZone(input.roads, zones),
		drains: byZone(input.drains, zones),
		boards: byZone(input.boards, zones),
		shops: byZone(input.shops, zones),
		hotspots: byZone(input.hotspots, zones),
		gapRoads: byZone(gapRoads, zones),
		baitStations: byZone(input.baitStations ?? [], zones)
	};
	const groupsAt = (i: number): Groups => ({
		bins: split.bins[i], collectionPoints: split.collectionPoints[i], roads: split.roads[i], drains: split.drains[i],
		boards: split.boards[i], shops: split.shops[i], hotspots: split.hotspots[i], gapRoads: split.gapRoads[i],
		baitStations: split.baitStations[i]
	});
	// The latest survey of each group up to the instant, whatever its age (zones by the zoneId a survey names).
	const vectors = computeVectorFigures(zones, input.vectorSurveys ?? [], [], rules.vectorLevels, { from: '0000-01-01', to: addDays(localDate(at, timeZone), 1) });
	const GROUPS = ['mosquito', 'rodent', 'fly', 'cockroach'] as const;
	const vectorsOf = (i: number): Analyses['vectors'] => {
		const z = vectors.zones[i];
		const judged = GROUPS.filter((g) => z[g].level !== null);
		const failing = GROUPS.filter((g) => z[g].level === 'below-C');
		return { level: z.level, belowC: failing.length, judged: judged.length, surveyIds: failing.map((g) => z[g].surveyId!) };
	};
	const communityVectors: Analyses['vectors'] = {
		level: vectors.zones.reduce<DensityLevel | null>((w, z) => worseLevel(w, z.level), null),
		belowC: vectors.total.zonesFailing,
		judged: vectors.zones.filter((z) => z.level !== null).length,
		surveyIds: vectors.zones.flatMap((_, i) => vectorsOf(i).surveyIds)
	};

	const zoneScores = zones.map((zone, i) =>
		scoreOf(zoneIdOf(zone, i), zoneNameOf(zone), groupsAt(i), {
			binCoverage: binCoverage.zones[i],
			cpCoverage: cpCoverage.zones[i],
			gaps: gaps.zones[i],
			hardening: hardening.zones[i],
			hotspots: hotspotZones.zones[i],
			vectors: vectorsOf(i)
		}, rules, at, timeZone)
	);
	const total = scoreOf(null, null, groupsAt(zones.length), {
		binCoverage: binCoverage,
		cpCoverage: cpCoverage,
		gaps,
		hardening,
		hotspots: measureHotspots(input.hotspots.map(propsOf), at, timeZone),
		vectors: communityVectors
	}, rules, at, timeZone);

	const readiness = [total, ...zoneScores].map((s) => ({
		id: s.id,
		name: s.name,
		items: s.indicators.filter((x) => x.status === 'fails' || x.status === 'close').sort((x, y) => STATUS_ORDER[x.status] - STATUS_ORDER[y.status])
	}));
	return {
		at: new Date(at).toISOString(),
		total,
		zones: zoneScores,
		readiness,
		layers: { gapLines: gaps.gapLines, uncoveredBuildings: binCoverage.uncovered }
	};
}
