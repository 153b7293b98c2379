import { getApp } from '$lib/server/app';
import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/server/auth/permissions';

export const load = ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!can(locals.user.role, 'admin:users')) error(403, { message: 'Only administrators manage users.', code: 'auth.forbidden' });
	return { users: getApp().auth.users.list() };
};
