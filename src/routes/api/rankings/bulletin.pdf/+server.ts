import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { credentialsOf, selfOrigin } from '$lib/server/http/self-origin';
import { pdfResponse } from '$lib/server/http/pdf-response';
import { parseLang } from '$lib/server/services/reports/report-period';

/**
 * `?period=&at=&parent=&lang=`: the ranking bulletin as an A4 PDF, printed from the /bulletin page
 * by the server's one Chromium (the report's PDF renderer: one at a time, kept until the data changes).
 */
export const GET = api(async ({ url, request, getClientAddress }) => {
	const app = getApp();
	const lang = parseLang(url.searchParams);
	// Checks the parameters (a 400 or 404 here rather than a failed print).
	const ranking = await app.inspections.ranking(url.searchParams);
	const page = new URL('/bulletin', selfOrigin(url));
	const at = url.searchParams.get('at');
	const parent = url.searchParams.get('parent');
	page.search = new URLSearchParams({ period: ranking.period, ...(at ? { at } : {}), ...(parent ? { parent } : {}), lang, print: '1' }).toString();
	const cacheKey = ['bulletin', ranking.period, ranking.from, parent ?? '', lang, await app.changesets.latestId()].join('|');
	const { pdf, cached } = await app.pdf.render(getClientAddress(), { pageUrl: page.toString(), credentials: credentialsOf(request), cacheKey, running: Date.parse(ranking.to) > app.clock().getTime() });
	return pdfResponse(pdf, cached, `sanimap-bulletin-${ranking.period}-${ranking.from.slice(0, 10)}-${lang}.pdf`);
});
