import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { onlyKnownParams, queryBoolean, queryNumber, RADIUS_RANGE } from '$lib/server/services/planning/planning-params';

/** Buildings within the walking radius of a bin, overall and per zone, and the uncovered ones. */
export const GET = api(async ({ url }) => {
	const params = url.searchParams;
	onlyKnownParams(params, ['radius', 'includePlanned']);
	const result = await getApp().planning.coverage({ radiusM: queryNumber(params, 'radius', RADIUS_RANGE), includePlanned: queryBoolean(params, 'includePlanned') });
	return json(result, { headers: { 'cache-control': 'no-store' } });
});
