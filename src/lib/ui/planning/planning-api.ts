/**
 * The browser's calls to the planning endpoints (/api/analysis/…, /api/rules). Failures become
 * ApiClientError with the server's `{ code, message, details }`, as in ../api-client.ts.
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { CoverageResult, ZoneCoverage } from '../../analysis/coverage';
import type { SiteResult } from '../../analysis/siting';
import { apiCall as call } from '../api-client';

export type { ZoneCoverage };

export interface CoverageAnswer extends Pick<CoverageResult, 'radiusM' | 'targets' | 'covered' | 'coveredPct' | 'weightedTargets' | 'weightedCovered' | 'zones'> {
	byZone: Record<string, ZoneCoverage>;
	bins: number;
	includePlanned: boolean;
	collectionPoints: { radiusM: number; points: number; covered: number; coveredPct: number };
}

/** A page of features in a view: at most a limit of them, and how many there are. */
interface ViewPage {
	numberMatched: number;
	numberReturned: number;
}

/** A page of the uncovered buildings. */
export interface UncoveredPage extends FeatureCollection, ViewPage {}

export type GapLine = Feature<LineString, { roadClass: string; lengthM: number; spacingM: number }>;

/** A page of the gap stretches. */
export interface GapLinesPage extends FeatureCollection<LineString, GapLine['properties']>, ViewPage {}

export interface ClassGaps {
	roadLengthM: number;
	gapLengthM: number;
	spacingM: number;
}

export interface GapsAnswer {
	roadLengthM: number;
	gapLengthM: number;
	gaps: number;
	byClass: Record<string, ClassGaps>;
	snappedBins: number;
	unsnappedBins: number;
	includePlanned: boolean;
}

export type SiteFeature = Feature<Point, { rank: number; gain: number }> & { id: number };

export interface SitesAnswer extends Pick<SiteResult, 'count' | 'radiusM' | 'coveredBefore' | 'coveredAfter' | 'gain' | 'method' | 'optimalityGapPct'> {
	sites: SiteFeature[];
	candidates: number;
}

export interface RulesAnswer {
	rules: { binWalkingRadiusM: number; collectionPointRadiusM: number; binSpacingM: Record<string, number> };
	sources: Record<string, { zh: string; en: string }>;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'x-sanimap-source': 'web' };

/** The figures alone: the map asks for the uncovered buildings of its view apart (fetchUncovered). */
export function fetchCoverage(radiusM: number, includePlanned: boolean, signal?: AbortSignal): Promise<CoverageAnswer> {
	return call(`/api/analysis/coverage?radius=${radiusM}&includePlanned=${includePlanned}&uncovered=false`, { signal });
}

/** The most uncovered buildings or gap stretches drawn for one view: a city's all would be tens of megabytes. */
export const VIEW_PAGE_LIMIT = 20_000;

function viewParam(bbox: [number, number, number, number]): string {
	return bbox.map((n) => n.toFixed(6)).join(',');
}

export function fetchUncovered(radiusM: number, includePlanned: boolean, bbox: [number, number, number, number], signal?: AbortSignal): Promise<UncoveredPage> {
	return call(`/api/analysis/coverage/uncovered?radius=${radiusM}&includePlanned=${includePlanned}&bbox=${viewParam(bbox)}&limit=${VIEW_PAGE_LIMIT}`, { signal });
}

/** The figures alone: the map asks for the gap stretches of its view apart (fetchGapLines). */
export function fetchGaps(includePlanned: boolean, signal?: AbortSignal): Promise<GapsAnswer> {
	return call(`/api/analysis/gaps?includePlanned=${includePlanned}&lines=false`, { signal });
}

export function fetchGapLines(includePlanned: boolean, bbox: [number, number, number, number], signal?: AbortSignal): Promise<GapLinesPage> {
	return call(`/api/analysis/gaps/lines?includePlanned=${includePlanned}&bbox=${viewParam(bbox)}&limit=${VIEW_PAGE_LIMIT}`, { signal });
}

export interface SitesOptions {
	count: number;
	radiusM: number;
	includePlanned: boolean;
	/** The exact solver (planners and administrators) with its time limit in seconds. */
	exact?: { timeLimitS: number };
	/** Names the run so that `cancelAnalysis(jobKey)` can stop it on the server. */
	jobKey?: string;
}

export function fetchSites(options: SitesOptions, signal?: AbortSignal): Promise<SitesAnswer> {
	const { count, radiusM, includePlanned, exact, jobKey } = options;
	const body = { count, radius: radiusM, includePlanned, ...(exact ? { exact: true, timeLimit: exact.timeLimitS } : {}) };
	return call('/api/analysis/sites', { method: 'POST', headers: { ...JSON_HEADERS, ...(jobKey ? { 'x-sanimap-job': jobKey } : {}) }, body: JSON.stringify(body), signal });
}

/** Stops the run named `jobKey` on the server (it frees the CPU the exact solver holds). */
export async function cancelAnalysis(jobKey: string): Promise<void> {
	await fetch(`/api/analysis/jobs/${encodeURIComponent(jobKey)}`, { method: 'DELETE', headers: { 'x-sanimap-source': 'web' } });
}

export function fetchRules(signal?: AbortSignal): Promise<RulesAnswer> {
	return call('/api/rules', { signal });
}
