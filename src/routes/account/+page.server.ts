import { getApp } from '$lib/server/app';
import { fail, redirect } from '@sveltejs/kit';
import { changeOwnPassword } from '$lib/server/auth/user-admin';
import { toApiError } from '$lib/server/http/handle';
import { storageError } from '$lib/server/http/storage-errors';

/** Your own account: who you are, and a new password. */
export const load = ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	return {};
};

export const actions = {
	/**
	 * A new password, the same rules and consequences as `POST /api/auth/password`: the current
	 * one must be right; every other session of this user ends (other browsers, API tokens), this one stays.
	 */
	password: async ({ request, locals }) => {
		if (!locals.user || !locals.session) return fail(401, { code: 'auth.required', message: 'Sign in first.' });
		const form = await request.formData();
		const currentPassword = form.get('currentPassword');
		const newPassword = form.get('newPassword');
		if (typeof newPassword === 'string' && newPassword !== form.get('confirmPassword')) {
			return fail(400, { code: 'password.mismatch', message: 'The new password and its repetition differ.' });
		}
		try {
			await changeOwnPassword(getApp().auth, locals.user.id, locals.session.id, { currentPassword, newPassword });
		} catch (caught) {
			const e = toApiError(caught) ?? storageError(caught);
			if (!e) throw caught;
			const issues = (e.details as { issues?: { code: string }[] } | undefined)?.issues ?? [];
			// One code the page can word in either language: the first issue's, else the error's own.
			return fail(e.status, { code: issues[0]?.code ?? e.code, message: e.message });
		}
		return { changed: true };
	}
};
