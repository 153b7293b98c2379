import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { credentialsOf, selfOrigin } from '$lib/server/http/self-origin';
import { parseLang, parsePeriod } from '$lib/server/services/reports/report-period';
import { instantText, localDate } from '$lib/domain/time/instants';
import { pdfResponse } from '$lib/server/http/pdf-response';
import { periodStart } from '$lib/domain/time/periods';

/**
 * `?from=&to=&lang=`: the printable report as an A4 PDF, printed by the server's one Chromium from
 * the report page itself; one at a time, kept until the data or the rules change (report-pdf.ts).
 */
export const GET = api(async ({ url, request, getClientAddress }) => {
	const app = getApp();
	const period = parsePeriod(url.searchParams, app.timeZone);
	const lang = parseLang(url.searchParams);
	const day = (ms: number) => localDate(ms, app.timeZone);
	const page = new URL('/report', selfOrigin(url));
	page.search = new URLSearchParams({ from: day(period.from), to: day(period.to), lang, print: '1' }).toString();
	// Instants that are not the start of a day in the project's zone are passed through as given.
	const wholeDay = (ms: number) => periodStart(ms, 'day', app.timeZone) === ms;
	if (!wholeDay(period.from) || !wholeDay(period.to)) {
		page.searchParams.set('from', instantText(period.from, app.timeZone));
		page.searchParams.set('to', instantText(period.to, app.timeZone));
	}
	const credentials = credentialsOf(request);
	const cacheKey = [period.from, period.to, lang, await app.changesets.latestId(), (await app.rules.get()).updatedAt ?? ''].join('|');
	const { pdf, cached } = await app.pdf.render(getClientAddress(), { pageUrl: page.toString(), credentials, cacheKey, running: period.to > app.clock().getTime() });
	return pdfResponse(pdf, cached, `sanimap-report-${day(period.from)}-${day(period.to)}-${lang}.pdf`);
});
