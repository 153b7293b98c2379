import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { queryViewPage } from '$lib/server/http/view-page-query';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { onlyKnownParams, queryBoolean, queryNumber, RADIUS_RANGE } from '$lib/server/services/planning/planning-params';

/**
 * The uncovered buildings of the coverage analysis, a page at a time: those whose box meets `bbox`
 * (the map's view), at most `limit` of them, with how many there are (`numberMatched`). The map
 * asks for its view; the figures come from `/api/analysis/coverage?uncovered=false`.
 */
export const GET = api(async ({ url, getClientAddress }) => {
	const params = url.searchParams;
	onlyKnownParams(params, ['radius', 'includePlanned', 'bbox', 'limit']);
	const request = { radiusM: queryNumber(params, 'radius', RADIUS_RANGE), includePlanned: queryBoolean(params, 'includePlanned'), ...queryViewPage(params) };
	return analysisJson(await getApp().analysis.run(getClientAddress(), { op: 'coverage-uncovered', request }));
});
