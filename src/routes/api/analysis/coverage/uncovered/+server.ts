import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { parseBbox } from '$lib/server/http/items-query';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { onlyKnownParams, queryBoolean, queryNumber, RADIUS_RANGE, UNCOVERED_LIMIT_RANGE } from '$lib/server/services/planning/planning-params';

/**
 * The uncovered buildings of the coverage analysis, a page at a time: those whose box meets `bbox`
 * (the map's view), at most `limit` of them, with how many there are (`numberMatched`). The map
 * asks for its view; the figures come from `/api/analysis/coverage?uncovered=false`.
 */
export const GET = api(async ({ url, getClientAddress }) => {
	const params = url.searchParams;
	onlyKnownParams(params, ['radius', 'includePlanned', 'bbox', 'limit']);
	const bbox = params.get('bbox');
	const request = {
		radiusM: queryNumber(params, 'radius', RADIUS_RANGE),
		includePlanned: queryBoolean(params, 'includePlanned'),
		...(bbox === null ? {} : { bbox: parseBbox(bbox) }),
		limit: queryNumber(params, 'limit', UNCOVERED_LIMIT_RANGE) ?? UNCOVERED_LIMIT_RANGE.max
	};
	return analysisJson(await getApp().analysis.run(getClientAddress(), { op: 'coverage-uncovered', request }));
});
