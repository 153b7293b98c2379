import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';

/** One inspection: its scores against the items of the template version it used, its note and track, its cases and their state. */
export const GET = api(async ({ params }) => {
	const id = Number(params.inspectionId);
	if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(404, 'inspection.not-found', `There is no inspection "${params.inspectionId}".`);
	return json(await getApp().inspections.detail(id), { headers: { 'cache-control': 'no-store' } });
});
