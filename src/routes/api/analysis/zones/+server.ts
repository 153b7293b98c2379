import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { parseZoneFiguresQuery } from '$lib/server/services/hotspots/hotspots';

/**
 * Hotspots per zone over [from, to): `{ zones: [{ id, name, count, perKm2, … }], outside, … }`,
 * the same figures as `npm run cli -- zones`. Filters: `category`, `status` (comma-separated);
 * `trend=week` adds weekly counts per zone; `measure` names the figure a choropleth shows. Dates
 * and weeks are the project's time zone's, named in the answer's `timeZone`.
 */
export const GET = api(async ({ url }) => {
	const { hotspots, timeZone } = getApp();
	const { measure, ...query } = parseZoneFiguresQuery(url.searchParams, timeZone);
	const answer = await hotspots.zoneFigures(query);
	return json({ ...answer, ...(measure ? { measure } : {}) }, { headers: { 'cache-control': 'no-store' } });
});
