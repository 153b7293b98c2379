import { json } from '@sveltejs/kit';
import { PERMISSIONS } from '$lib/server/auth/permissions';
import { api } from '$lib/server/http/handle';

/** Who this request is signed in as (null when anonymous) and what they may do. */
export const GET = api(async ({ locals }) => {
	const user = locals.user;
	return json(
		{ user: user ? { username: user.username, displayName: user.displayName, role: user.role, permissions: PERMISSIONS[user.role] } : null },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
