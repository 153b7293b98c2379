import { getApp } from '$lib/server/app';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { CSV_TABLES, reportCsv, type CsvTable } from '$lib/server/services/reports/report-csv';
import { parseLang, parsePeriod } from '$lib/server/services/reports/report-period';
import { localDate } from '$lib/domain/time/instants';

/** `?table=scorecard|progress|items&from=&to=&lang=`: one of the report's tables as a CSV download. */
export const GET = api(async ({ url }) => {
	const table = url.searchParams.get('table') ?? 'scorecard';
	if (!(CSV_TABLES as readonly string[]).includes(table)) throw new ApiError(400, 'report.table', `table must be one of: ${CSV_TABLES.join(', ')}.`);
	const { reports, timeZone } = getApp();
	const period = parsePeriod(url.searchParams, timeZone);
	const lang = parseLang(url.searchParams);
	const body = reportCsv(reports.full(period), table as CsvTable, lang);
	const day = (ms: number) => localDate(ms, timeZone);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="sanimap-${table}-${day(period.from)}-${day(period.to)}.csv"`,
			'cache-control': 'no-store'
		}
	});
});
