import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/require-permission';
import { api } from '$lib/server/http/handle';

/** `?at=YYYY-MM-DD[&mine=1]`: each zone against each zone checklist's cadence, overdue first; `mine=1`: the caller's zones. */
export const GET = api(async (event) => {
	const app = getApp();
	const mine = event.url.searchParams.get('mine');
	const only = mine === '1' || mine === 'true' ? await app.userZones.zonesOf(requireUser(event).id) : null;
	return json(await app.inspections.due(event.url.searchParams, only), { headers: { 'cache-control': 'no-store' } });
});
