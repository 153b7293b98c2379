import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { requirePermission } from '$lib/server/auth/require-permission';

/** Issues an Open311 key `{ name, ratePerHour? }`: answers `{ id, name, key, … }`, the key shown only this once. */
export const POST = api(async (event) => {
	const user = requirePermission(event, 'admin:users');
	const body = await readJsonBody(event.request, 16 * 1024);
	return json(await getApp().open311Keys.issue(body, user.username), { status: 201, headers: { 'cache-control': 'no-store' } });
});

/** Every key issued, without the key itself. */
export const GET = api(async (event) => {
	requirePermission(event, 'admin:users');
	return json({ keys: await getApp().open311Keys.list() }, { headers: { 'cache-control': 'no-store' } });
});
