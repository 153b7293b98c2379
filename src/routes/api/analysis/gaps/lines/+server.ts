import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { parseBbox } from '$lib/server/http/items-query';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { GAP_LINES_LIMIT_RANGE, queryGaps, queryNumber } from '$lib/server/services/planning/planning-params';

/**
 * The gap stretches of the spacing-gaps analysis, a page at a time: those whose box meets `bbox`
 * (the map's view), at most `limit` of them in stretch order, with how many there are
 * (`numberMatched`). The figures come from `/api/analysis/gaps?lines=false`.
 */
export const GET = api(async ({ url, getClientAddress }) => {
	const params = url.searchParams;
	const bbox = params.get('bbox');
	const request = {
		...queryGaps(params, ['bbox', 'limit']),
		...(bbox === null ? {} : { bbox: parseBbox(bbox) }),
		limit: queryNumber(params, 'limit', GAP_LINES_LIMIT_RANGE) ?? GAP_LINES_LIMIT_RANGE.max
	};
	return analysisJson(await getApp().analysis.run(getClientAddress(), { op: 'gap-lines', request }));
});
