import { json } from '@sveltejs/kit';
import type { InspectionTemplatesAnswer } from '$lib/domain/api-types';
import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';

/** Every inspection template at its current version. */
export const GET = api(async () => json({ templates: await getApp().templates.list() } satisfies InspectionTemplatesAnswer, { headers: { 'cache-control': 'no-store' } }));

/** `{ name: {zh, en}, target, cadence, items }` (planners and up): version 1 of a new template. */
export const POST = api(async (event) => {
	requirePermission(event, 'edit:templates');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	return json(await getApp().templates.create(body, writeContext(event).author), { status: 201 });
});
