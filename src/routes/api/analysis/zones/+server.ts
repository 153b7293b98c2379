import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';
import { parseZoneFiguresQuery } from '$lib/server/services/hotspots/zone-figures';

/**
 * Hotspots per zone over [from, to): `{ zones: [{ id, name, count, perKm2, … }], outside, … }`,
 * the same figures as `npm run cli -- zones`. Filters: `category`, `status` (comma-separated);
 * `trend=week` adds weekly counts per zone; `measure` names the figure a choropleth shows. Dates
 * and weeks are the project's time zone's, named in the answer's `timeZone`.
 */
export const GET = api(async ({ url, getClientAddress }) => {
	const app = getApp();
	const { measure, ...query } = parseZoneFiguresQuery(url.searchParams, app.timeZone);
	return analysisJson(await app.analysis.run(getClientAddress(), { op: 'zones', query: { ...query, now: query.now ?? app.clock().getTime() }, measure }));
});
