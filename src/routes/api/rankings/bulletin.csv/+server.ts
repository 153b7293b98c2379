import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { bulletinCsv } from '$lib/server/services/inspections/bulletin';
import { parseLang } from '$lib/server/services/reports/report-period';

/** `?period=&at=&parent=&lang=`: the ranking bulletin as CSV, one row per zone in rank order. */
export const GET = api(async ({ url }) => {
	const lang = parseLang(url.searchParams);
	const ranking = await getApp().inspections.ranking(url.searchParams);
	return new Response(bulletinCsv(ranking, lang), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="sanimap-bulletin-${ranking.period}-${ranking.from.slice(0, 10)}-${lang}.csv"`,
			'cache-control': 'no-store'
		}
	});
});
