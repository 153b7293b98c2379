import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { parseJobKey } from '$lib/server/services/analysis/job-key';

/**
 * Cancels a computation the caller started with `x-sanimap-job: <key>` (the exact site solver can
 * hold a CPU for minutes): it stops waiting or its worker is ended, and the request that started
 * it is answered `409 analysis.cancelled`. Only from the address that started it; 204, or 404 when
 * nothing runs under the key (it finished, or never started).
 */
export const DELETE = api(async (event) => {
	requirePermission(event, 'analysis:exact');
	const key = parseJobKey(event.params.jobKey);
	if (!getApp().analysis.cancel(event.getClientAddress(), key)) throw new ApiError(404, 'analysis.job.not-found', 'No computation of yours runs under this key: it has finished or never started.');
	return new Response(null, { status: 204 });
});
