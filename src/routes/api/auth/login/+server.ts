import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { LoginRateLimitedError, logIn } from '$lib/server/auth/login';
import { errorResponse } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';

/** For scripts and API clients: `{ username, password }` → a bearer token for `Authorization: Bearer <token>`. */
export const POST = api(async (event) => {
	const body = (await readJsonBody(event.request, config.maxBodyBytes)) as { username?: unknown; password?: unknown } | null;
	try {
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
	} catch (e) {
		if (!(e instanceof LoginRateLimitedError)) throw e;
		const response = errorResponse(e);
		response.headers.set('retry-after', String(e.retryAfterSeconds));
		return response;
	}
});
