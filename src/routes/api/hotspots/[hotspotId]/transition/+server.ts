import { COLLECTION } from '$lib/domain/kinds';
import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { etagOf, GEOJSON, toApiFeature } from '$lib/server/http/ogc';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { requirePermission } from '$lib/server/auth/require-permission';
import { parseFeatureId } from '$lib/server/services/features/feature-service';

/** Moves a case: `{ to, version, note?, reason?, photoIds? }`; one changeset per move. */
export const POST = api(async (event) => {
	requirePermission(event, 'edit', 'hotspot');
	const id = parseFeatureId(event.params.hotspotId);
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const { changeset, results } = await getApp().hotspots.transition(id, body, writeContext(event));
	const feature = results[0];
	return json({ ...toApiFeature(feature, COLLECTION.hotspot), changesetId: changeset.id }, { headers: { 'content-type': GEOJSON, etag: etagOf(feature.version) } });
});
