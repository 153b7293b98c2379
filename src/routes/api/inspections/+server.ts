import { json } from '@sveltejs/kit';
import type { InspectionsAnswer } from '$lib/domain/api-types';
import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';

/** `?target=<collection>:<id>&from=&to=`: inspections, newest first. */
export const GET = api(async ({ url }) => json({ inspections: await getApp().inspections.list(url.searchParams) } satisfies InspectionsAnswer, { headers: { 'cache-control': 'no-store' } }));

/**
 * Records an inspection (field staff and up) and opens a case per finding, as one changeset; the
 * same as a `record-inspection` edit of POST /api/edits.
 */
export const POST = api(async (event) => {
	requirePermission(event, 'edit:inspection');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const app = getApp();
	const ctx = writeContext(event);
	const prepared = await app.inspections.prepare(body, ctx);
	requirePermission(event, 'edit', prepared.kinds);
	return json(await app.inspections.store(prepared, ctx), { status: 201 });
});
