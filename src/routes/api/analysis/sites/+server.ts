import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { parseSitesBody } from '$lib/server/services/planning/planning-params';

/**
 * Suggested sites for N new bins (POST: it computes, stores nothing). The greedy method is quick
 * and open to every reader; the exact solver can hold a CPU for its whole time limit, so it needs
 * a signed-in planner or administrator.
 */
export const POST = api(async (event) => {
	const body = parseSitesBody(await readJsonBody(event.request, config.maxBodyBytes));
	if (body.exact) requirePermission(event, 'analysis:exact');
	const result = await getApp().planning.sites(body);
	return json(result, { headers: { 'cache-control': 'no-store' } });
});
