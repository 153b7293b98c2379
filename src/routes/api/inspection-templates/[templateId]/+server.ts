import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';

function templateId(raw: string | undefined): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(404, 'inspection.template.not-found', `There is no inspection template "${raw}".`);
	return id;
}

/** The template's current version (`?version=` for an older one). */
export const GET = api(async ({ params, url }) => {
	const id = templateId(params.templateId);
	const raw = url.searchParams.get('version');
	if (raw === null) return json(await getApp().templates.require(id), { headers: { 'cache-control': 'no-store' } });
	const version = await getApp().templates.version(id, Number(raw));
	if (!version) throw new ApiError(404, 'inspection.template.not-found', `Inspection template ${id} has no version "${raw}".`);
	return json(version);
});

/** `{ version, name?, cadence?, items? }` (planners and up): a new version; a stale `version` is a 409. */
export const PATCH = api(async (event) => {
	requirePermission(event, 'edit:templates');
	const id = templateId(event.params.templateId);
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	return json(await getApp().templates.update(id, body, writeContext(event).author));
});
