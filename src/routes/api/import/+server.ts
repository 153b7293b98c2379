import { json } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readUpload } from '$lib/server/http/read-upload';
import { getImportService } from '$lib/server/services/import-instance';

/**
 * Upload a file to import: the body is the file (`?filename=bins.csv`), or a multipart form.
 * `?collection=&crs=&key=` are the first choices. Answers the preview and a token to commit it.
 */
export const POST = api(async (event) => {
	const user = requirePermission(event, 'import');
	const { bytes, filename } = await readUpload(event.request, event.url, config.maxUploadBytes);
	const service = getImportService();
	const session = await service.upload(bytes, filename, user.username);
	const q = event.url.searchParams;
	try {
		const plan = await service.plan(session.file, { collection: q.get('collection') ?? undefined, crs: q.get('crs') ?? undefined, keyColumn: q.get('key') });
		return json(service.describe(plan, session), { status: 201 });
	} catch (e) {
		service.sessions.delete(session.token);
		throw e;
	}
});
