import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { api } from '$lib/server/http/handle';

/** Discards an upload that will not be committed. */
export const DELETE = api(async (event) => {
	const user = requirePermission(event, 'import');
	const service = getApp().imports;
	const session = service.session(event.params.token, user.username);
	service.sessions.delete(session.token);
	return new Response(null, { status: 204 });
});
