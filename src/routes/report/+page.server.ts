import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { toApiError } from '$lib/server/http/handle';
import type { FullReport } from '$lib/server/services/reports/report';
import { parsePeriod } from '$lib/server/services/reports/report-period';
import { presetPeriod } from '$lib/domain/time/periods';
import type { ReportPageData } from '$lib/ui/report/report-page-data';
import type { PageServerLoad } from './$types';

/**
 * The report for `?from=&to=` (half-open dates in the project's time zone; default: last month,
 * the last complete period), built from the history in an analysis worker. A server too busy to
 * build it now answers 503 with Retry-After; a period it cannot report on is explained on the page.
 */
export const load: PageServerLoad = async ({ url, getClientAddress, setHeaders }): Promise<ReportPageData> => {
	const app = getApp();
	const now = app.clock().getTime();
	const params = new URLSearchParams(url.searchParams);
	if (!params.has('from') && !params.has('to')) {
		const month = presetPeriod('month', 'previous', now, app.timeZone);
		params.set('from', month.from);
		params.set('to', month.to);
	}
	const from = params.get('from') ?? '';
	const to = params.get('to') ?? '';
	const generatedAt = new Date(now).toISOString();
	try {
		const period = parsePeriod(params, app.timeZone);
		const report = await app.analysis.runForPage<FullReport>(getClientAddress(), { op: 'report', period, now });
		// The ranking board (评比) of the report's week, month or quarter, for its ranking section.
		const ranking = await app.inspections.rankingForPeriod(period.from, period.to);
		return { from, to, report, ranking, error: null, generatedAt };
	} catch (caught) {
		const e = toApiError(caught);
		if (!e) throw caught;
		if (e.status === 429 || e.status === 503) {
			const retryAfter = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
			if (retryAfter !== undefined) setHeaders({ 'retry-after': String(retryAfter) });
			error(503, e.message);
		}
		return { from, to, report: null, ranking: null, error: { code: e.code, message: e.message }, generatedAt };
	}
};
