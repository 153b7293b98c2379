import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { requirePermission } from '$lib/server/auth';
import { updateUser } from '$lib/server/auth/user-admin';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';

export const GET = api(async (event) => {
	requirePermission(event, 'admin:users');
	const user = await getApp().auth.users.byUsername(event.params.username ?? '');
	if (!user) throw new ApiError(404, 'user.not-found', `There is no user "${event.params.username}".`);
	return json(user, { headers: { 'cache-control': 'no-store' } });
});

/** `{ role?, displayName?, password?, disabled? }`: a new password or disabling ends the user's sessions. */
export const PATCH = api(async (event) => {
	requirePermission(event, 'admin:users');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const user = await updateUser(getApp().auth, event.params.username ?? '', body, event.locals.session?.id);
	return json(user);
});
