import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readUpload } from '$lib/server/http/read-upload';

/**
 * Upload a file to import: the body is the file (`?filename=bins.csv`), or a multipart form.
 * `?collection=&crs=&key=` are the first choices. Answers the preview and a token to commit it.
 * `?progress=<id>`: report how far reading and checking have got at GET /api/import/progress/<id>.
 * The file is read and checked in an import worker thread, so other requests go on being answered.
 */
export const POST = api(async (event) => {
	const user = requirePermission(event, 'import');
	const progress = getApp().importProgress.track(event.url, user.username);
	const { bytes, filename } = await readUpload(event.request, event.url, config.maxUploadBytes);
	const service = getApp().imports;
	const q = event.url.searchParams;
	const body = await progress.around(async () => {
		const session = await service.upload(bytes, filename, user.username, progress.update);
		try {
			return await service.preview(session, { collection: q.get('collection') ?? undefined, crs: q.get('crs') ?? undefined, keyColumn: q.get('key') }, progress.update);
		} catch (e) {
			service.sessions.delete(session.token);
			throw e;
		}
	});
	return new Response(body, { status: 201, headers: { 'content-type': 'application/json' } });
});
