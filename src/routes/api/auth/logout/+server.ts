import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/auth/auth-config';
import { api } from '$lib/server/http/handle';

/** Ends the session that made this request: the bearer token, or the browser's cookie. */
export const POST = api(async (event) => {
	const session = event.locals.session;
	if (session) await getApp().auth.sessions.delete(session.id);
	if (session?.kind === 'cookie') event.cookies.delete(SESSION_COOKIE, { path: '/' });
	return json({ loggedOut: session !== null });
});
