import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { onlyKnownParams, queryBoolean, queryNumber, querySpacing, SNAP_RANGE } from '$lib/server/services/planning/planning-params';

/** Road stretches farther than half the class's bin spacing from a bin, along the network. */
export const GET = api(async ({ url }) => {
	const params = url.searchParams;
	onlyKnownParams(params, ['snap', 'includePlanned'], ['spacing.']);
	const result = await getApp().planning.gaps({
		snapM: queryNumber(params, 'snap', SNAP_RANGE),
		binSpacingM: querySpacing(params),
		includePlanned: queryBoolean(params, 'includePlanned')
	});
	return json(result, { headers: { 'cache-control': 'no-store' } });
});
