import { json } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { getPlanningApp } from '$lib/server/services/planning-app';
import { parseSitesBody } from '$lib/server/services/planning-params';

/** Suggested sites for N new bins (POST: it computes, stores nothing). */
export const POST = api(async ({ request }) => {
	const body = parseSitesBody(await readJsonBody(request, config.maxBodyBytes));
	const result = await getPlanningApp().planning.sites(body);
	return json(result, { headers: { 'cache-control': 'no-store' } });
});
