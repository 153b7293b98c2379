import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { latestChangesetId } from '$lib/server/repositories/history-at';
import { parseLang, parsePeriod } from '$lib/server/services/reports/report-period';

/**
 * `?from=&to=&lang=`: the printable report as an A4 PDF, printed by the server's one Chromium from
 * the report page itself; one at a time, kept until the data or the rules change (report-pdf.ts).
 */
export const GET = api(async ({ url, request, getClientAddress }) => {
	const period = parsePeriod(url.searchParams);
	const lang = parseLang(url.searchParams);
	const app = getApp();
	const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	const page = new URL('/report', selfOrigin(url));
	page.search = new URLSearchParams({ from: day(period.from), to: day(period.to), lang, print: '1' }).toString();
	// Instants that are not whole days are passed through as given.
	if (period.from % 86_400_000 || period.to % 86_400_000) {
		page.searchParams.set('from', new Date(period.from).toISOString());
		page.searchParams.set('to', new Date(period.to).toISOString());
	}
	const credentials: Record<string, string> = {};
	for (const name of ['authorization', 'cookie']) {
		const value = request.headers.get(name);
		if (value) credentials[name] = value;
	}
	const cacheKey = [period.from, period.to, lang, latestChangesetId(app.db), app.rules.get().updatedAt ?? ''].join('|');
	const { pdf, cached } = await app.pdf.render(getClientAddress(), { pageUrl: page.toString(), credentials, cacheKey, running: period.to > app.clock().getTime() });
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="sanimap-report-${day(period.from)}-${day(period.to)}-${lang}.pdf"`,
			'cache-control': 'no-store',
			'x-sanimap-cache': cached ? 'hit' : 'miss'
		}
	});
});

/**
 * Where Chromium reaches this server: its own listening address when adapter-node runs it (the
 * public ORIGIN may be a proxy name the server cannot resolve), else the request's origin (dev).
 */
function selfOrigin(url: URL): string {
	const port = process.env.PORT;
	if (!port) return url.origin;
	const host = process.env.HOST && !['0.0.0.0', '::', ''].includes(process.env.HOST) ? process.env.HOST : '127.0.0.1';
	return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
