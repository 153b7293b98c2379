import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { requireUser } from '$lib/server/auth';
import { changeOwnPassword } from '$lib/server/auth/user-admin';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';

/** `{ currentPassword, newPassword }`: changes your own password and ends your other sessions. */
export const POST = api(async (event) => {
	const user = requireUser(event);
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	await changeOwnPassword(getApp().auth, user.id, event.locals.session!.id, body);
	return json({ changed: true });
});
