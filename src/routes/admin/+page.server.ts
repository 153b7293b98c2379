import { getApp } from '$lib/server/app';
import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/server/auth/permissions';

export const load = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!can(locals.user.role, 'admin:users')) error(403, { message: 'Only administrators manage users.', code: 'auth.forbidden' });
	const app = getApp();
	const zones = await app.features.all('zone').then((all) =>
		all.map((z) => ({ id: z.id, name: typeof z.properties.name === 'string' && z.properties.name ? z.properties.name : `#${z.id}` })).sort((a, b) => a.name.localeCompare(b.name))
	);
	return { users: await app.auth.users.list(), zones, userZones: Object.fromEntries(await app.userZones.all()) as Record<number, number[]> };
};
