import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { parsePeriod } from '$lib/server/services/reports/report-period';

/** The period's progress, totals and per zone, with the features and changesets behind each figure. */
export const GET = api(async ({ url }) => {
	const { reports, timeZone } = getApp();
	const summary = reports.summary(parsePeriod(url.searchParams, timeZone));
	return json(summary, { headers: { 'cache-control': 'no-store' } });
});
