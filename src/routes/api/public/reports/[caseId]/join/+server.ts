import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { reporterOf } from '$lib/server/http/public-reporter';
import { parseFeatureId } from '$lib/server/services/features/feature-service';

/** "Already reported — add yourself to it": `{ contact? }`; the case counts one more reporter. Answers `{ id, token, trackUrl }`. */
export const POST = api(async (event) => {
	const id = parseFeatureId(event.params.caseId);
	const body = (await readJsonBody(event.request, 8 * 1024)) as Record<string, unknown>;
	const { token } = await getApp().publicReports.join(id, typeof body === 'object' && body !== null ? body : {}, reporterOf(event));
	return json({ id, token, trackUrl: `/report-issue/track/${token}` }, { status: 201, headers: { 'cache-control': 'no-store' } });
});
