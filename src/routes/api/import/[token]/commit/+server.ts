import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { importChoices } from '$lib/server/services/imports/import-choices';

/**
 * Writes the import as one changeset with the final choices. `skipInvalid: true` confirms that
 * rows with problems are left out; without it such an import is refused (422) and nothing is written.
 * The rows are checked and written in the import worker thread, over its own connection, while
 * this one goes on answering reads. `?progress=<id>`: report how far checking and writing have got
 * at GET /api/import/progress/<id>.
 */
export const POST = api(async (event) => {
	const user = requirePermission(event, 'import');
	const service = getApp().imports;
	const session = service.session(event.params.token, user.username);
	const progress = getApp().importProgress.track(event.url, user.username);
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const choices = importChoices(body);
	const ctx = writeContext(event);
	const result = await progress.around(() =>
		service.commit(
			session,
			choices,
			{
				filename: session.filename,
				skipInvalid: (body as { skipInvalid?: unknown }).skipInvalid === true,
				author: ctx.author,
				userId: ctx.userId,
				comment: ctx.comment
			},
			progress.update
		)
	);
	service.sessions.delete(session.token);
	return json(result, { status: result.changesetId === null ? 200 : 201 });
});
