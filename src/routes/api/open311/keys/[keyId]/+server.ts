import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { ApiError } from '$lib/server/http/api-error';
import { requirePermission } from '$lib/server/auth/require-permission';

/** Revokes an Open311 key: every later request with it is refused (403). */
export const DELETE = api(async (event) => {
	requirePermission(event, 'admin:users');
	const id = /^\d{1,12}$/.test(event.params.keyId ?? '') ? Number(event.params.keyId) : NaN;
	if (!Number.isFinite(id)) throw new ApiError(404, 'open311-key.not-found', `There is no Open311 key ${event.params.keyId}.`);
	return json(await getApp().open311Keys.revoke(id));
});
