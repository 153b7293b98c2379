import { json } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { getImportService } from '$lib/server/services/import-instance';
import { importChoices } from '$lib/server/services/import-choices';

/** The preview again with other choices (layer, CRS, key column, column mapping), without uploading again. */
export const POST = api(async (event) => {
	const user = requirePermission(event, 'import');
	const service = getImportService();
	const session = service.session(event.params.token, user.username);
	const choices = importChoices(await readJsonBody(event.request, config.maxBodyBytes));
	const plan = await service.plan(session.file, choices);
	return json(service.describe(plan, session));
});
