import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { onlyKnownParams, queryBoolean, queryNumber, RADIUS_RANGE } from '$lib/server/services/planning/planning-params';

/** Buildings within the walking radius of a bin, overall and per zone, and (unless `uncovered=false`) the uncovered ones. */
export const GET = api(async ({ url, getClientAddress }) => {
	const params = url.searchParams;
	onlyKnownParams(params, ['radius', 'includePlanned', 'uncovered']);
	const request = { radiusM: queryNumber(params, 'radius', RADIUS_RANGE), includePlanned: queryBoolean(params, 'includePlanned'), uncovered: params.has('uncovered') ? queryBoolean(params, 'uncovered') : true };
	return analysisJson(await getApp().analysis.run(getClientAddress(), { op: 'coverage', request }));
});
