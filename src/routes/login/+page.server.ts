import { getApp } from '$lib/server/app';
import { fail, redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/auth/auth-config';
import { logIn } from '$lib/server/auth/login';
import { SESSION_TTL_MS, sessionIdOf } from '$lib/server/auth/sessions';
import { toApiError } from '$lib/server/http/handle';
import { storageError } from '$lib/server/http/storage-errors';
import { safeNext } from '$lib/ui/auth/safe-next';

export const load = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	return {};
};

export const actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const username = form.get('username');
		const password = form.get('password');
		const auth = getApp().auth;
		try {
			const { secret } = await logIn(auth, { username, password, address: getClientAddress(), kind: 'cookie' });
			// A session the browser had before is not carried over: it gets a new id (no fixation).
			const previous = cookies.get(SESSION_COOKIE);
			if (previous) await auth.sessions.delete(sessionIdOf(previous));
			cookies.set(SESSION_COOKIE, secret, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure: url.protocol === 'https:',
				maxAge: SESSION_TTL_MS / 1000
			});
		} catch (caught) {
			// A full or failing disk cannot store the new session: say so on the form, as a 503.
			const e = toApiError(caught) ?? storageError(caught);
			if (!e) throw caught;
			const retryAfterSeconds = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
			return fail(e.status, { username: typeof username === 'string' ? username : '', code: e.code, message: e.message, retryAfterSeconds });
		}
		redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	}
};
