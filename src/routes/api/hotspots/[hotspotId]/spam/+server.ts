import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { requirePermission } from '$lib/server/auth/require-permission';
import { parseFeatureId } from '$lib/server/services/features/feature-service';

/** Marks a public report as spam `{ version }`: the case is deleted from every public answer (undo brings it back). */
export const POST = api(async (event) => {
	requirePermission(event, 'moderate:reports');
	const id = parseFeatureId(event.params.hotspotId);
	const body = await readJsonBody(event.request, 1024);
	const applied = await getApp().publicReports.markSpam(id, body, writeContext(event));
	return json({ changesetId: applied.changeset.id, id }, { status: 200 });
});
