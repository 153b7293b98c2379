import { getApp } from '$lib/server/app';
import { ApiError } from '$lib/server/http/api-error';
import { parsePeriod } from '$lib/server/services/reports/report-period';
import { presetPeriod } from '$lib/ui/report/period-presets';
import type { PageServerLoad } from './$types';

/** The report for `?from=&to=` (half-open dates; default: this month so far), built from the history. */
export const load: PageServerLoad = ({ url }) => {
	const params = new URLSearchParams(url.searchParams);
	if (!params.has('from') && !params.has('to')) {
		const month = presetPeriod('month', 'current', Date.now());
		params.set('from', month.from);
		params.set('to', month.to);
	}
	const from = params.get('from') ?? '';
	const to = params.get('to') ?? '';
	try {
		const report = getApp().reports.full(parsePeriod(params));
		return { from, to, report, error: null, generatedAt: new Date().toISOString() };
	} catch (e) {
		if (e instanceof ApiError) return { from, to, report: null, error: { code: e.code, message: e.message }, generatedAt: new Date().toISOString() };
		throw e;
	}
};
