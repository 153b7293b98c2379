/**
 * Suggested sites for N new bins (maximal covering location problem): the N candidate points that
 * newly cover the most target weight within the walking radius, existing bins kept.
 *
 * Candidates lie along counted roads every `spacingM` metres (default 10) plus at the midpoint of
 * every spacing gap (siting-candidates.ts). Targets already covered by an existing bin are left
 * out; the rest are merged by candidate set (siting-incidence.ts). The default method is lazy
 * greedy (siting-greedy.ts), whose `optimalityGapPct` is null: greedy proves no bound of its own
 * beyond the a-priori (1 − 1/e) guarantee. `method: 'exact'` solves the MILP with HiGHS under a
 * time limit, started from the greedy answer, and reports the proven gap (siting-exact.ts).
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { RoadClass } from '../domain/road-class';
import { pointLayerFromArrays, pointLayerOf } from '../geo/point-layer';
import { buildRoadNetwork } from './road-network';
import { coveredMask } from './coverage';
import { prepareTargets } from './coverage-targets';
import { spacingGapsOnNetwork } from './gaps';
import { candidateSites } from './siting-candidates';
import { coverIncidence } from './siting-incidence';
import { greedyCover } from './siting-greedy';
import { exactCover } from './siting-exact';

type Features = FeatureCollection | readonly Feature[];

export const DEFAULT_CANDIDATE_SPACING_M = 10;
export const DEFAULT_EXACT_TIME_LIMIT_S = 10;

export interface SiteOptions {
	/** How many new bins to place. */
	count: number;
	/** Walking radius in metres (70 for litter bins, DEFAULT_RULES.binWalkingRadiusM). */
	radiusM: number;
	/** Candidate spacing along roads in metres (default 10). */
	spacingM?: number;
	method?: 'greedy' | 'exact';
	/** Time limit of the exact solve in seconds (default 10). */
	timeLimitS?: number;
	/** Snapping distance and spacing rules for the gap midpoints (see computeSpacingGaps). */
	snapM?: number;
	binSpacingM?: Readonly<Partial<Record<RoadClass, number>>>;
}

export interface SuggestedSite {
	lon: number;
	lat: number;
	/** Weight this site newly covers, given the sites listed before it. */
	gain: number;
}

export interface SiteResult {
	count: number;
	radiusM: number;
	/** Target weight covered by the existing bins (`households`, else 1 per target). */
	coveredBefore: number;
	coveredAfter: number;
	gain: number;
	method: 'greedy' | 'exact';
	/** Exact: proven gap to HiGHS's bound in percent (0 = optimal). Greedy: null. */
	optimalityGapPct: number | null;
	/** Fewer than `count` when no further site would cover anything new. */
	sites: SuggestedSite[];
	candidates: number;
	/** Uncovered targets after merging those covered by the same candidates. */
	targetGroups: number;
	/** Exact only: HiGHS's model status ('optimal', 'timeLimit', …). */
	solverStatus?: string;
	siteFeatures: FeatureCollection<Point, { rank: number; gain: number }>;
}

const tidy = (n: number) => Math.round(n * 1e6) / 1e6;

export async function suggestSites(bins: Features, targets: Features, roads: Features, options: SiteOptions): Promise<SiteResult> {
	const { count, radiusM } = options;
	if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}.`);
	if (!Number.isFinite(radiusM) || radiusM < 0) throw new RangeError(`radiusM must be a non-negative number, got ${radiusM}.`);
	const method = options.method ?? 'greedy';

	const binLayer = pointLayerOf(bins, 'bins');
	const set = prepareTargets(targets, 'targets');
	const net = buildRoadNetwork(roads, 'roads');
	const gaps = spacingGapsOnNetwork(net, binLayer, { snapM: options.snapM, binSpacingM: options.binSpacingM });
	const sites = candidateSites(roads, options.spacingM ?? DEFAULT_CANDIDATE_SPACING_M, gaps.gapLines);
	const candidates = pointLayerFromArrays(sites.lon, sites.lat);

	const before = coveredMask(binLayer, set, radiusM);
	let coveredBefore = 0;
	for (let i = 0; i < set.count; i++) if (before[i]) coveredBefore += set.weight[i];

	const inc = coverIncidence(candidates, set, before, radiusM);
	const greedy = greedyCover(inc, count);
	const choice =
		method === 'exact'
			? await exactCover(inc, count, greedy, options.timeLimitS ?? DEFAULT_EXACT_TIME_LIMIT_S)
			: { ...greedy, optimalityGapPct: null, solverStatus: undefined };

	const suggested = choice.candidates.map((c, k) => ({ lon: sites.lon[c], lat: sites.lat[c], gain: tidy(choice.gains[k]) }));
	return {
		count,
		radiusM,
		coveredBefore: tidy(coveredBefore),
		coveredAfter: tidy(coveredBefore + choice.total),
		gain: tidy(choice.total),
		method,
		optimalityGapPct: choice.optimalityGapPct,
		sites: suggested,
		candidates: candidates.count,
		targetGroups: inc.groupCount,
		...(choice.solverStatus !== undefined ? { solverStatus: choice.solverStatus } : {}),
		siteFeatures: {
			type: 'FeatureCollection',
			features: suggested.map((s, k) => ({
				type: 'Feature',
				geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
				properties: { rank: k + 1, gain: s.gain }
			}))
		}
	};
}
