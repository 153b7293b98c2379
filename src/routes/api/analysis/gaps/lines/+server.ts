import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { queryViewPage } from '$lib/server/http/view-page-query';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { queryGaps } from '$lib/server/services/planning/planning-params';

/**
 * The gap stretches of the spacing-gaps analysis, a page at a time: those whose box meets `bbox`
 * (the map's view), at most `limit` of them in stretch order, with how many there are
 * (`numberMatched`). The figures come from `/api/analysis/gaps?lines=false`.
 */
export const GET = api(async ({ url, getClientAddress }) => {
	const params = url.searchParams;
	const request = { ...queryGaps(params, ['bbox', 'limit']), ...queryViewPage(params) };
	return analysisJson(await getApp().analysis.run(getClientAddress(), { op: 'gap-lines', request }));
});
