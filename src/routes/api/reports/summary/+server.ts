import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { parsePeriod } from '$lib/server/services/reports/report-period';

/** The period's progress, totals and per zone, with the features and changesets behind each figure. */
export const GET = api(async ({ url, getClientAddress }) => {
	const app = getApp();
	const period = parsePeriod(url.searchParams, app.timeZone);
	return analysisJson(await app.analysis.run(getClientAddress(), { op: 'report-summary', period }));
});
