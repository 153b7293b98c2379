import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { requirePermission } from '$lib/server/auth';
import { createUser } from '$lib/server/auth/user-admin';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';

export const GET = api(async (event) => {
	requirePermission(event, 'admin:users');
	return json({ users: await getApp().auth.users.list() }, { headers: { 'cache-control': 'no-store' } });
});

/** `{ username, password, role, displayName? }` → 201 with the new user. */
export const POST = api(async (event) => {
	requirePermission(event, 'admin:users');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const user = await createUser(getApp().auth, body);
	return json(user, { status: 201 });
});
