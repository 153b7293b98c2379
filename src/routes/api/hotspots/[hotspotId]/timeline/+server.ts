import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { parseFeatureId } from '$lib/server/services/features/feature-service';
import { refuseHiddenCase } from '$lib/server/http/hidden-case';

/** The story of a case, oldest first: who moved it when, from → to, with notes and photos. */
export const GET = api(async ({ params, locals }) => {
	const id = parseFeatureId(params.hotspotId);
	await refuseHiddenCase(id, locals);
	return json({ id, timeline: await getApp().hotspots.timeline(id) }, { headers: { 'cache-control': 'no-store' } });
});
