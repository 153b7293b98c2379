import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { getReportService } from '$lib/server/services/report-app';
import { parsePeriod } from '$lib/server/services/report-period';

/** The period's progress, totals and per zone, with the features and changesets behind each figure. */
export const GET = api(({ url }) => {
	const summary = getReportService().summary(parsePeriod(url.searchParams));
	return json(summary, { headers: { 'cache-control': 'no-store' } });
});
