import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { parsePeriod } from '$lib/server/services/reports/report-period';

/** The period's progress, totals and per zone, with the features and changesets behind each figure. */
export const GET = api(async ({ url, getClientAddress }) => {
	const period = parsePeriod(url.searchParams);
	return analysisJson(await getApp().analysis.run(getClientAddress(), { op: 'report-summary', period }));
});
