import { getApp } from '$lib/server/app';
import { redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/auth/auth-config';

export const load = ({ locals }) => {
	if (!locals.user) redirect(303, '/');
	return {};
};

export const actions = {
	/** Ends this browser's session on the server (the cookie is worthless from now on) and clears the cookie. */
	default: async ({ locals, cookies }) => {
		if (locals.session?.kind === 'cookie') await getApp().auth.sessions.delete(locals.session.id);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/');
	}
};
