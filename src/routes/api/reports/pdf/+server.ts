import { api } from '$lib/server/http/handle';
import { config } from '$lib/server/config';
import { renderReportPdf } from '$lib/server/services/reports/report-pdf';
import { getApp } from '$lib/server/app';
import { parseLang, parsePeriod } from '$lib/server/services/reports/report-period';
import { instantText, localDate } from '$lib/domain/time/instants';
import { periodStart } from '$lib/domain/time/periods';

/** `?from=&to=&lang=`: the printable report as an A4 PDF, printed by Chromium from the report page itself. */
export const GET = api(async ({ url, request }) => {
	const { timeZone } = getApp();
	const period = parsePeriod(url.searchParams, timeZone);
	const lang = parseLang(url.searchParams);
	const day = (ms: number) => localDate(ms, timeZone);
	const page = new URL('/report', selfOrigin(url));
	page.search = new URLSearchParams({ from: day(period.from), to: day(period.to), lang, print: '1' }).toString();
	// Instants that are not the start of a day in the project's zone are passed through as given.
	const wholeDay = (ms: number) => periodStart(ms, 'day', timeZone) === ms;
	if (!wholeDay(period.from) || !wholeDay(period.to)) {
		page.searchParams.set('from', instantText(period.from, timeZone));
		page.searchParams.set('to', instantText(period.to, timeZone));
	}
	const credentials: Record<string, string> = {};
	for (const name of ['authorization', 'cookie']) {
		const value = request.headers.get(name);
		if (value) credentials[name] = value;
	}
	const pdf = await renderReportPdf(page.toString(), credentials);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="sanimap-report-${day(period.from)}-${day(period.to)}-${lang}.pdf"`,
			'cache-control': 'no-store'
		}
	});
});

/**
 * Where Chromium reaches this server: its own listening address when adapter-node runs it (the
 * public ORIGIN may be a proxy name the server cannot resolve), else the request's origin (dev).
 */
function selfOrigin(url: URL): string {
	const port = config.port;
	if (port === undefined) return url.origin;
	const host = config.host && !['0.0.0.0', '::'].includes(config.host) ? config.host : '127.0.0.1';
	return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
