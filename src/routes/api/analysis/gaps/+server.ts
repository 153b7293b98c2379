import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { onlyKnownParams, queryBoolean, queryNumber, querySpacing, SNAP_RANGE } from '$lib/server/services/planning/planning-params';

/** Road stretches farther than half the class's bin spacing from a bin, along the network. */
export const GET = api(async ({ url, getClientAddress }) => {
	const params = url.searchParams;
	onlyKnownParams(params, ['snap', 'includePlanned'], ['spacing.']);
	const request = { snapM: queryNumber(params, 'snap', SNAP_RANGE), binSpacingM: querySpacing(params), includePlanned: queryBoolean(params, 'includePlanned') };
	return analysisJson(await getApp().analysis.run(getClientAddress(), { op: 'gaps', request }));
});
