import { queryNumber, VIEW_PAGE_LIMIT_RANGE } from '../services/planning/planning-params';
import type { ViewPageRequest } from '../services/planning/view-page';
import { parseBbox } from './items-query';

/** The `bbox` and `limit` of a page for a map's view (the endpoint lists them among its known parameters). */
export function queryViewPage(params: URLSearchParams): ViewPageRequest {
	const bbox = params.get('bbox');
	return { ...(bbox === null ? {} : { bbox: parseBbox(bbox) }), limit: queryNumber(params, 'limit', VIEW_PAGE_LIMIT_RANGE) ?? VIEW_PAGE_LIMIT_RANGE.max };
}
