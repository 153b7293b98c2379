import { getApp } from '$lib/server/app';
import { parseInstant } from '$lib/domain/time/instants';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';

/** The scorecard per zone and for the community at `at` (an ISO date, its start in the project's zone, or instant; default now). */
export const GET = api(async ({ url, getClientAddress }) => {
	const app = getApp();
	const raw = url.searchParams.get('at');
	const at = raw === null ? app.clock().getTime() : parseInstant(raw, app.timeZone);
	if (at === null) throw new ApiError(400, 'report.at-invalid', `The instant to judge (at) must be a date such as 2026-11-01 or an ISO 8601 instant, not "${String(raw).slice(0, 40)}".`);
	return analysisJson(await app.analysis.run(getClientAddress(), { op: 'report-scorecard', at }));
});
