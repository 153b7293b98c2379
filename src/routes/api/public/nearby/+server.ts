import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';

/** Open cases of a category within the duplicate distance of a position: `?category=&lon=&lat=`. Nothing personal. */
export const GET = api(async ({ url }) => {
	const q = url.searchParams;
	return json({ cases: await getApp().publicReports.nearby(q.get('category'), q.get('lon'), q.get('lat')) }, { headers: { 'cache-control': 'no-store' } });
});
