import { getApp } from '$lib/server/app';
import { ApiError } from '$lib/server/http/api-error';
import { parsePeriod } from '$lib/server/services/reports/report-period';
import { presetPeriod } from '$lib/domain/time/periods';
import type { PageServerLoad } from './$types';

/**
 * The report for `?from=&to=` (half-open dates in the project's time zone; default: last month,
 * the last complete period), built from the history.
 */
export const load: PageServerLoad = ({ url }) => {
	const { reports, clock, timeZone } = getApp();
	const params = new URLSearchParams(url.searchParams);
	if (!params.has('from') && !params.has('to')) {
		const month = presetPeriod('month', 'previous', clock().getTime(), timeZone);
		params.set('from', month.from);
		params.set('to', month.to);
	}
	const from = params.get('from') ?? '';
	const to = params.get('to') ?? '';
	const generatedAt = clock().toISOString();
	try {
		const report = reports.full(parsePeriod(params, timeZone));
		return { from, to, report, error: null, generatedAt };
	} catch (e) {
		if (e instanceof ApiError) return { from, to, report: null, error: { code: e.code, message: e.message }, generatedAt };
		throw e;
	}
};
