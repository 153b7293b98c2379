import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { parseSitesBody } from '$lib/server/services/planning/planning-params';
import { jobKeyOf } from '$lib/server/services/analysis/job-key';

/**
 * Suggested sites for N new bins (POST: it computes, stores nothing). The greedy method is quick
 * and open to every reader; the exact solver can hold a CPU for its whole time limit, so it needs
 * a signed-in planner or administrator. Both run in an analysis worker; sent with
 * `x-sanimap-job: <key>`, the run can be cancelled with `DELETE /api/analysis/jobs/<key>`.
 */
export const POST = api(async (event) => {
	const request = parseSitesBody(await readJsonBody(event.request, config.maxBodyBytes));
	if (request.exact) requirePermission(event, 'analysis:exact');
	const key = jobKeyOf(event.request);
	return analysisJson(await getApp().analysis.run(event.getClientAddress(), { op: 'sites', request }, key));
});
