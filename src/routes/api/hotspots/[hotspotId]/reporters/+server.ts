import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { requirePermission } from '$lib/server/auth/require-permission';
import { parseFeatureId } from '$lib/server/services/features/feature-service';

/** Who reported a public case and the contact they left: managers only. */
export const GET = api(async (event) => {
	requirePermission(event, 'moderate:reports');
	const id = parseFeatureId(event.params.hotspotId);
	return json({ id, reporters: await getApp().publicReports.reporters(id) }, { headers: { 'cache-control': 'no-store' } });
});
