import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { importChoices } from '$lib/server/services/imports/import-choices';

/**
 * The preview again with other choices (layer, CRS, key column, column mapping), without uploading
 * again. `?progress=<id>`: report how far checking has got at GET /api/import/progress/<id>.
 */
export const POST = api(async (event) => {
	const user = requirePermission(event, 'import');
	const service = getApp().imports;
	const session = service.session(event.params.token, user.username);
	const progress = getApp().importProgress.track(event.url, user.username);
	const choices = importChoices(await readJsonBody(event.request, config.maxBodyBytes));
	const body = await progress.around(() => service.preview(session, choices, progress.update));
	return new Response(body, { headers: { 'content-type': 'application/json' } });
});
