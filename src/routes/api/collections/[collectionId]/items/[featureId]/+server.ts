import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { config } from '$lib/server/config';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { etagOf, GEOJSON, itemLinks, toApiFeature, versionFromIfMatch } from '$lib/server/http/ogc';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { requirePermission } from '$lib/server/auth';
import { collectionDef, parseFeatureId } from '$lib/server/services/features/feature-service';

function ifMatch(request: Request): number | undefined {
	const v = versionFromIfMatch(request.headers.get('if-match'));
	if (v !== undefined && !Number.isSafeInteger(v)) throw new ApiError(400, 'version.invalid', 'If-Match must name a version, like "3".');
	return v;
}

/** One feature, with links to itself and its layer (OGC API – Features /req/core/f-links). */
export const GET = api(async ({ params, url }) => {
	const def = collectionDef(params.collectionId);
	const feature = await getApp().featureService.get(def, parseFeatureId(params.featureId));
	const body = { ...toApiFeature(feature, def.collection), links: itemLinks(url.origin, def.collection, feature.id, def.label.en) };
	return json(body, { headers: { 'content-type': GEOJSON, etag: etagOf(feature.version) } });
});

export const PATCH = api(async (event) => {
	const def = collectionDef(event.params.collectionId);
	requirePermission(event, 'edit', def.kind);
	const id = parseFeatureId(event.params.featureId);
	const version = ifMatch(event.request);
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const { changeset, results } = await getApp().featureService.patch(def, id, body, version, writeContext(event));
	const feature = results[0];
	// A stale version whose fields nobody else changed is merged: `merged` names what others changed meanwhile.
	const merged = feature.merged ? { merged: feature.merged } : {};
	return json({ ...toApiFeature(feature, def.collection), changesetId: changeset.id, ...merged }, { headers: { 'content-type': GEOJSON, etag: etagOf(feature.version) } });
});

export const DELETE = api(async (event) => {
	const def = collectionDef(event.params.collectionId);
	requirePermission(event, 'edit', def.kind);
	const id = parseFeatureId(event.params.featureId);
	const { changeset, results } = await getApp().featureService.delete(def, id, ifMatch(event.request), writeContext(event));
	return json({ id, version: results[0].version, deleted: true, changesetId: changeset.id });
});
