import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { queryBoolean, queryGaps } from '$lib/server/services/planning/planning-params';

/**
 * Road stretches farther than half the class's bin spacing from a bin, along the network: the
 * figures, and (unless `lines=false`) the stretches, which the map asks for by view apart
 * (`/api/analysis/gaps/lines`).
 */
export const GET = api(async ({ url, getClientAddress }) => {
	const params = url.searchParams;
	const request = { ...queryGaps(params, ['lines']), lines: params.has('lines') ? queryBoolean(params, 'lines') : true };
	return analysisJson(await getApp().analysis.run(getClientAddress(), { op: 'gaps', request }));
});
