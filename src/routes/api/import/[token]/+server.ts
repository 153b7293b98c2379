import { requirePermission } from '$lib/server/auth';
import { api } from '$lib/server/http/handle';
import { getImportService } from '$lib/server/services/import-instance';

/** Discards an upload that will not be committed. */
export const DELETE = api((event) => {
	const user = requirePermission(event, 'import');
	const service = getImportService();
	const session = service.session(event.params.token, user.username);
	service.sessions.delete(session.token);
	return new Response(null, { status: 204 });
});
