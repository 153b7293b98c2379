import { COLLECTION } from '$lib/domain/kinds';
import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { etagOf, GEOJSON, toApiFeature } from '$lib/server/http/ogc';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { requirePermission } from '$lib/server/auth/require-permission';

/**
 * Reports a hotspot: a GeoJSON Feature (Point; category, severity, description, photos from
 * POST /api/photos). Answers the stored case with its zone, responsible person and deadline, and
 * `duplicates`: open cases of the same category within 30 m (a warning; the report is stored).
 */
export const POST = api(async (event) => {
	requirePermission(event, 'edit', 'hotspot');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const { applied, duplicates, zone } = await getApp().hotspots.report(body, writeContext(event));
	const feature = applied.results[0];
	return json(
		{ ...toApiFeature(feature, COLLECTION.hotspot), changesetId: applied.changeset.id, zone, duplicates },
		{
			status: 201,
			headers: { 'content-type': GEOJSON, etag: etagOf(feature.version), location: `${event.url.origin}/api/collections/hotspots/items/${feature.id}` }
		}
	);
});
