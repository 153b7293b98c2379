import { getApp } from '$lib/server/app';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { CSV_TABLES, type CsvTable } from '$lib/server/services/reports/report-csv';
import { parseLang, parsePeriod } from '$lib/server/services/reports/report-period';
import { localDate } from '$lib/domain/time/instants';

/** `?table=scorecard|progress|items&from=&to=&lang=`: one of the report's tables as a CSV download. */
export const GET = api(async ({ url, getClientAddress }) => {
	const table = url.searchParams.get('table') ?? 'scorecard';
	if (!(CSV_TABLES as readonly string[]).includes(table)) throw new ApiError(400, 'report.table', `table must be one of: ${CSV_TABLES.join(', ')}.`);
	const app = getApp();
	const period = parsePeriod(url.searchParams, app.timeZone);
	const lang = parseLang(url.searchParams);
	const { text } = await app.analysis.run(getClientAddress(), { op: 'report-csv', period, table: table as CsvTable, lang, now: app.clock().getTime() });
	const day = (ms: number) => localDate(ms, app.timeZone);
	return new Response(text, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="sanimap-${table}-${day(period.from)}-${day(period.to)}.csv"`,
			'cache-control': 'no-store'
		}
	});
});
