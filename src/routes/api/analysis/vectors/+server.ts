import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { parsePeriod } from '$lib/server/services/reports/report-period';

/**
 * 除四害 per zone over a period (`from`, `to` exclusive, days of the project's time zone): the
 * latest indices of each survey group, the density control level they reach, their trend, and
 * the totals of the activities.
 */
export const GET = api(async ({ url, getClientAddress }) => {
	const app = getApp();
	const period = parsePeriod(url.searchParams, app.timeZone);
	return analysisJson(await app.analysis.run(getClientAddress(), { op: 'vectors', period }));
});
