import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { logIn } from '$lib/server/auth/login';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';

/** For scripts and API clients: `{ username, password }` → a bearer token for `Authorization: Bearer <token>`. */
export const POST = api(async (event) => {
	const body = (await readJsonBody(event.request, config.maxBodyBytes)) as { username?: unknown; password?: unknown } | null;
	// A throttled sign-in is a 429 whose Retry-After errorResponse sends.
	const { user, secret, expiresAt } = await logIn(getApp().auth, {
		username: body?.username,
		password: body?.password,
		address: event.getClientAddress(),
		kind: 'token'
	});
	return json(
		{ token: secret, tokenType: 'Bearer', expiresAt, user: { username: user.username, displayName: user.displayName, role: user.role } },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
