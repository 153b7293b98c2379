import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { parseFeatureId } from '$lib/server/services/feature-service';
import { hotspotServices } from '$lib/server/services/hotspots';

/** The story of a case, oldest first: who moved it when, from → to, with notes and photos. */
export const GET = api(({ params }) => {
	const id = parseFeatureId(params.hotspotId);
	return json({ id, timeline: hotspotServices().hotspots.timeline(id) }, { headers: { 'cache-control': 'no-store' } });
});
