import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { sessionUser } from '$lib/server/auth/session-user';
import { api } from '$lib/server/http/handle';

/** Who this request is signed in as (null when anonymous), what they may do and the zones given to them. */
export const GET = api(async ({ locals }) => {
	const user = locals.user;
	return json(
		{ user: user ? await sessionUser(user, (id) => getApp().userZones.zonesOf(id)) : null },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
