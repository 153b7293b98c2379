/**
 * The browser's calls to the planning endpoints (/api/analysis/…, /api/rules). Failures become
 * ApiClientError with the server's `{ code, message, details }`, as in ../api-client.ts.
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { ApiClientError, type ApiFeature, type ChangesetSummary } from '../api-client';

export interface ZoneCoverage {
	id: string | number;
	name: string | null;
	targets: number;
	covered: number;
	coveredPct: number;
	weightedTargets: number;
	weightedCovered: number;
}

export interface CoverageAnswer {
	radiusM: number;
	targets: number;
	covered: number;
	coveredPct: number;
	weightedTargets: number;
	weightedCovered: number;
	zones: ZoneCoverage[];
	byZone: Record<string, ZoneCoverage>;
	bins: number;
	includePlanned: boolean;
	collectionPoints: { radiusM: number; points: number; covered: number; coveredPct: number };
	uncovered: FeatureCollection;
}

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
	gapLines: FeatureCollection<LineString, { roadClass: string; lengthM: number; spacingM: number }>;
}

export type SiteFeature = Feature<Point, { rank: number; gain: number }> & { id: number };

export interface SitesAnswer {
	count: number;
	radiusM: number;
	coveredBefore: number;
	coveredAfter: number;
	gain: number;
	method: 'greedy' | 'exact';
	optimalityGapPct: number | null;
	sites: SiteFeature[];
	candidates: number;
}

export interface RulesAnswer {
	rules: { binWalkingRadiusM: number; collectionPointRadiusM: number; binSpacingM: Record<string, number> };
	sources: Record<string, { zh: string; en: string }>;
}

async function call<T>(input: string, init: RequestInit = {}): Promise<T> {
	let response: Response;
	try {
		response = await fetch(input, init);
	} catch (e) {
		if ((e as Error).name === 'AbortError') throw e;
		throw new ApiClientError(0, 'network', 'network');
	}
	const body = await response.json().catch(() => null);
	if (!response.ok) throw new ApiClientError(response.status, body?.code ?? 'http', body?.message ?? `HTTP ${response.status}`, body?.details);
	return body as T;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'x-sanimap-source': 'web' };

export function fetchCoverage(radiusM: number, includePlanned: boolean, signal?: AbortSignal): Promise<CoverageAnswer> {
	return call(`/api/analysis/coverage?radius=${radiusM}&includePlanned=${includePlanned}`, { signal });
}

export function fetchGaps(includePlanned: boolean, signal?: AbortSignal): Promise<GapsAnswer> {
	return call(`/api/analysis/gaps?includePlanned=${includePlanned}`, { signal });
}

export function fetchSites(count: number, radiusM: number, includePlanned: boolean, signal?: AbortSignal): Promise<SitesAnswer> {
	return call('/api/analysis/sites', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ count, radius: radiusM, includePlanned }), signal });
}

export function fetchRules(signal?: AbortSignal): Promise<RulesAnswer> {
	return call('/api/rules', { signal });
}

export function acceptSites(
	sites: { lon: number; lat: number }[],
	comment?: string
): Promise<{ changeset: ChangesetSummary; changesetId: number; features: ApiFeature[] }> {
	return call('/api/analysis/sites/accept', {
		method: 'POST',
		headers: { ...JSON_HEADERS, ...(comment ? { 'x-sanimap-comment': encodeURIComponent(comment) } : {}) },
		body: JSON.stringify({ sites })
	});
}
