/**
 * 除四害 figures: the indices of each vector survey from its raw counts, the density control level
 * each reaches (GB/T 27770–27773 thresholds from the rules, domain/vector-levels.ts), and per zone
 * and period the latest indices, their level and trend, and the totals of the activities.
 *
 * Definitions (the report's footnotes repeat them):
 * - Breteau index (布雷图指数) = positive containers ÷ households inspected × 100;
 *   house index (房屋指数) = positive households ÷ households inspected × 100 (%);
 *   container index (容器指数) = positive containers ÷ containers inspected × 100 (%).
 * - Powder-trace positive rate (粉迹阳性率), capture rate (捕获率), rooms with flies (有蝇房间阳性率)
 *   and cockroach infestation (侵害率) = positive ÷ inspected × 100 (%).
 * - A figure is rounded to two decimals before it is judged; a count of zero inspected gives no figure.
 * - The latest survey of a group (mosquito, rodent, fly, cockroach) in the period is the one with the
 *   latest date (then the highest id); its trend compares its main index with the survey of the same
 *   method just before it (in or before the period): `improving` when lower, `worsening` when higher.
 * - A zone's level is the worst level of its groups that have one.
 *
 * Dates are days of the project's time zone (`surveyedAt`, `activityAt`: YYYY-MM-DD); the period
 * is given as days too, `from` inclusive, `to` exclusive. Pure: features in, figures out.
 */
import type { Feature, Geometry } from 'geojson';
import { densityLevel, levelMayBeBetter, worseLevel, type DensityLevel, type VectorIndexKey, type VectorLevels } from '../domain/vector-levels';
import { ACTIVITY_KINDS, ALL_COUNT_FIELDS, type ActivityKind, type SurveyKind } from '../domain/vector-records';
import { zoneIdOf, zoneNameOf, type ZoneId } from './zone-identity';
import { isStaleDate } from './staleness';

export const VECTOR_GROUPS = ['mosquito', 'rodent', 'fly', 'cockroach'] as const;
export type VectorGroup = (typeof VECTOR_GROUPS)[number];

export const groupOf = (kind: SurveyKind): VectorGroup => (kind === 'mosquito-larvae' ? 'mosquito' : kind.startsWith('rodent') ? 'rodent' : (kind as VectorGroup));

export interface SurveyIndices {
	breteauIndex?: number | null;
	houseIndex?: number | null;
	containerIndex?: number | null;
	positiveRatePct?: number | null;
}

export type Trend = 'improving' | 'worsening' | 'steady';

const round = (n: number) => Math.round(n * 100) / 100;
const rate = (part: unknown, whole: unknown): number | null =>
	typeof part === 'number' && typeof whole === 'number' && whole > 0 ? round((100 * part) / whole) : null;
const propsOf = (f: Feature) => (f.properties ?? {}) as Record<string, unknown>;

/** The indices of one survey, from its counts (properties of a `vectorSurvey`). */
export function surveyIndices(p: Record<string, unknown>): SurveyIndices {
	switch (p.surveyKind as SurveyKind) {
		case 'mosquito-larvae':
			return {
				breteauIndex: rate(p.containersPositive, p.householdsInspected),
				houseIndex: rate(p.householdsPositive, p.householdsInspected),
				containerIndex: rate(p.containersPositive, p.containersInspected)
			};
		case 'rodent-powder':
			return { positiveRatePct: rate(p.patchesPositive, p.patchesLaid) };
		case 'rodent-trap':
			return { positiveRatePct: rate(p.trapsCaught, p.trapsSet) };
		case 'fly':
		case 'cockroach':
			return { positiveRatePct: rate(p.placesPositive, p.placesInspected) };
		default:
			return {};
	}
}

/** The rule (vectorLevels key) each computed index is judged by. */
function levelKeys(kind: SurveyKind): Partial<Record<keyof SurveyIndices, VectorIndexKey>> {
	switch (kind) {
		case 'mosquito-larvae':
			return { breteauIndex: 'mosquitoBreteauIndex', houseIndex: 'mosquitoHouseIndex', containerIndex: 'mosquitoContainerIndex' };
		case 'rodent-powder':
			return { positiveRatePct: 'rodentPowderPositivePct' };
		case 'rodent-trap':
			return { positiveRatePct: 'rodentTrapCapturePct' };
		case 'fly':
			return { positiveRatePct: 'flyRoomPositivePct' };
		case 'cockroach':
			return { positiveRatePct: 'cockroachInfestationPct' };
	}
}

/**
 * The level a survey reaches: the worst of its indices' levels (an index without thresholds is not
 * judged), and whether it may be better than that (every index at that level has a better grade unset).
 */
export function surveyJudgement(p: Record<string, unknown>, levels: VectorLevels): { level: DensityLevel | null; levelMayBeBetter: boolean } {
	const indices = surveyIndices(p);
	const keys = levelKeys(p.surveyKind as SurveyKind) ?? {};
	const judged = (Object.entries(keys) as [keyof SurveyIndices, VectorIndexKey][]).map(([index, rule]) => {
		const level = densityLevel(indices[index] ?? null, levels[rule]);
		return { level, mayBeBetter: levelMayBeBetter(level, levels[rule]) };
	});
	const level = judged.reduce<DensityLevel | null>((worst, j) => worseLevel(worst, j.level), null);
	return { level, levelMayBeBetter: level !== null && judged.filter((j) => j.level === level).every((j) => j.mayBeBetter) };
}

/** The index a trend follows: Breteau for larvae (house index when no containers were counted), else the positive rate. */
function mainIndex(p: Record<string, unknown>): number | null {
	const i = surveyIndices(p);
	if (p.surveyKind === 'mosquito-larvae') return i.breteauIndex ?? i.houseIndex ?? null;
	return i.positiveRatePct ?? null;
}

export interface GroupFigures extends SurveyIndices {
	surveyId: string | number | null;
	surveyedAt: string | null;
	method: SurveyKind | null;
	level: DensityLevel | null;
	/** The level is a floor: a better grade's threshold is not set, so the figure may reach it ("C or better"). */
	levelMayBeBetter: boolean;
	trend: Trend | null;
}

export interface ActivityTotals {
	records: number;
	amountKg: number;
	areaM2: number;
	count: number;
}

export interface ZoneVectorFigures {
	zoneId: ZoneId;
	name: string | null;
	mosquito: GroupFigures;
	rodent: GroupFigures;
	fly: GroupFigures;
	cockroach: GroupFigures;
	/** The worst level of the zone's groups; null when none was judged. */
	level: DensityLevel | null;
	/** The zone's level is a floor: every group at that level may be better (see GroupFigures). */
	levelMayBeBetter: boolean;
	/** The groups whose latest survey is below C: what still fails. */
	failing: VectorGroup[];
	activities: Record<ActivityKind, ActivityTotals>;
}

export interface VectorFigures {
	from: string;
	to: string;
	zones: ZoneVectorFigures[];
	/** The whole community: surveys in the period, activity totals, zones by level. */
	total: {
		surveys: number;
		/** Each raw count summed over the surveys in the period (households inspected, positive containers, …). */
		counts: Record<string, number>;
		activities: Record<ActivityKind, ActivityTotals>;
		zonesByLevel: Record<DensityLevel | 'none', number>;
		zonesFailing: number;
	};
}

const emptyTotals = (): Record<ActivityKind, ActivityTotals> =>
	Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, { records: 0, amountKg: 0, areaM2: 0, count: 0 }])) as Record<ActivityKind, ActivityTotals>;

const dayOf = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : '');

/** Latest first: by date, then by id. */
function byLatest(a: Feature, b: Feature, dateKey: string): number {
	const d = dayOf(propsOf(b)[dateKey]).localeCompare(dayOf(propsOf(a)[dateKey]));
	return d !== 0 ? d : Number(b.id ?? 0) - Number(a.id ?? 0);
}

function groupFigures(history: readonly Feature[], from: string, to: string, levels: VectorLevels): GroupFigures {
	// history: one zone's surveys of one group, latest first, none after `to`.
	const latest = history.find((s) => dayOf(propsOf(s).surveyedAt) >= from);
	if (!latest) return { surveyId: null, surveyedAt: null, method: null, level: null, levelMayBeBetter: false, trend: null };
	const p = propsOf(latest);
	const previous = history.slice(history.indexOf(latest) + 1).find((s) => propsOf(s).surveyKind === p.surveyKind);
	let trend: Trend | null = null;
	const now = mainIndex(p);
	const before = previous ? mainIndex(propsOf(previous)) : null;
	if (now !== null && before !== null) trend = now < before ? 'improving' : now > before ? 'worsening' : 'steady';
	return {
		surveyId: latest.id ?? null,
		surveyedAt: dayOf(p.surveyedAt),
		method: p.surveyKind as SurveyKind,
		...surveyIndices(p),
		...surveyJudgement(p, levels),
		trend
	};
}

function addActivity(totals: Record<ActivityKind, ActivityTotals>, p: Record<string, unknown>): void {
	const t = totals[p.activityKind as ActivityKind];
	if (!t) return;
	t.records++;
	if (typeof p.amountKg === 'number') t.amountKg = round(t.amountKg + p.amountKg);
	if (typeof p.areaM2 === 'number') t.areaM2 = round(t.areaM2 + p.areaM2);
	if (typeof p.count === 'number') t.count += p.count;
}

/**
 * Per zone, the latest survey of each group in [from, to), its indices, level and trend, and the
 * activities' totals in the period. Surveys and activities belong to the zone their `zoneId` names.
 */
export function computeVectorFigures(
	zones: readonly Feature<Geometry | null>[],
	surveys: readonly Feature[],
	activities: readonly Feature[],
	levels: VectorLevels,
	period: { from: string; to: string }
): VectorFigures {
	const { from, to } = period;
	const inPeriod = (day: string) => day >= from && day < to;
	const zoneIds = zones.map((z, i) => String(zoneIdOf(z, i)));
	const index = new Map(zoneIds.map((id, i) => [id, i]));

	const history: Feature[][][] = zones.map(() => VECTOR_GROUPS.map(() => []));
	let surveysInPeriod = 0;
	const counts: Record<string, number> = Object.fromEntries(ALL_COUNT_FIELDS.map((k) => [k, 0]));
	for (const s of surveys) {
		const p = propsOf(s);
		const day = dayOf(p.surveyedAt);
		if (day >= to) continue;
		if (inPeriod(day)) {
			surveysInPeriod++;
			for (const k of ALL_COUNT_FIELDS) if (typeof p[k] === 'number') counts[k] += p[k] as number;
		}
		const z = index.get(String(p.zoneId));
		if (z === undefined) continue;
		history[z][VECTOR_GROUPS.indexOf(groupOf(p.surveyKind as SurveyKind))]?.push(s);
	}
	const totalActivities = emptyTotals();
	const zoneActivities = zones.map(emptyTotals);
	for (const a of activities) {
		const p = propsOf(a);
		if (!inPeriod(dayOf(p.activityAt))) continue;
		addActivity(totalActivities, p);
		const z = index.get(String(p.zoneId));
		if (z !== undefined) addActivity(zoneActivities[z], p);
	}

	const zonesByLevel: VectorFigures['total']['zonesByLevel'] = { A: 0, B: 0, C: 0, 'below-C': 0, none: 0 };
	const figures = zones.map((zone, z): ZoneVectorFigures => {
		const groups = VECTOR_GROUPS.map((g, i) => groupFigures(history[z][i].sort((a, b) => byLatest(a, b, 'surveyedAt')), from, to, levels)) as [
			GroupFigures,
			GroupFigures,
			GroupFigures,
			GroupFigures
		];
		const level = groups.reduce<DensityLevel | null>((worst, g) => worseLevel(worst, g.level), null);
		zonesByLevel[level ?? 'none']++;
		return {
			zoneId: zoneIdOf(zone, z),
			name: zoneNameOf(zone),
			mosquito: groups[0],
			rodent: groups[1],
			fly: groups[2],
			cockroach: groups[3],
			level,
			levelMayBeBetter: level !== null && groups.filter((g) => g.level === level).every((g) => g.levelMayBeBetter),
			failing: VECTOR_GROUPS.filter((_, i) => groups[i].level === 'below-C'),
			activities: zoneActivities[z]
		};
	});
	return {
		from,
		to,
		zones: figures,
		total: { surveys: surveysInPeriod, counts, activities: totalActivities, zonesByLevel, zonesFailing: figures.filter((f) => f.failing.length > 0).length }
	};
}

/** Bait stations not refilled within `intervalDays` at the instant `at` (or never), judged as display boards are; removed stations are not counted. */
export function staleBaitStations(stations: readonly Feature[], at: number, intervalDays: number, timeZone: string): Feature[] {
	return stations.filter((s) => propsOf(s).status !== 'removed' && isStaleDate(propsOf(s).lastRefilledAt, at, intervalDays, timeZone));
}
