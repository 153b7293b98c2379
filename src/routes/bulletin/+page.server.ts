import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { toApiError } from '$lib/server/http/handle';
import { parseLang } from '$lib/server/services/reports/report-period';
import { BULLETIN_TEXT, periodText } from '$lib/server/services/inspections/bulletin';
import { formatDateTime } from '$lib/domain/time/display';
import type { PageServerLoad } from './$types';

/**
 * The ranking bulletin for the notice board, `?period=&at=&parent=&lang=`: one A4 page the server
 * prints to PDF (GET /api/rankings/bulletin.pdf); also readable and printable in a browser.
 */
export const load: PageServerLoad = async ({ url }) => {
	const app = getApp();
	try {
		const lang = parseLang(url.searchParams);
		const ranking = await app.inspections.ranking(url.searchParams);
		return {
			lang,
			ranking,
			text: BULLETIN_TEXT[lang],
			periodText: periodText(ranking, lang),
			generatedAt: formatDateTime(app.clock().toISOString(), app.timeZone, lang)
		};
	} catch (caught) {
		const e = toApiError(caught);
		if (e) error(e.status, e.message);
		throw caught;
	}
};
