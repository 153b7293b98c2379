import { json } from '@sveltejs/kit';
import { COLLECTION } from '$lib/domain/kinds';
import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { toApiFeature, versionFromIfMatch } from '$lib/server/http/ogc';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { parseFeatureId } from '$lib/server/services/features/feature-service';
import { parseSplitRequest } from '$lib/server/services/features/road-split';

/** Split a road segment at a point: one changeset that ends it and creates its two parts. */
export const POST = api(async (event) => {
	requirePermission(event, 'edit', 'roadSegment');
	const id = parseFeatureId(event.params.featureId);
	const ifMatch = versionFromIfMatch(event.request.headers.get('if-match'));
	if (ifMatch !== undefined && !Number.isSafeInteger(ifMatch)) throw new ApiError(400, 'version.invalid', 'If-Match must name a version, like "3".');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const { changeset, results } = await getApp().roads.split(id, parseSplitRequest(body, ifMatch), writeContext(event));
	const [removed, ...parts] = results;
	return json(
		{
			changesetId: changeset.id,
			removed: { ...toApiFeature(removed, COLLECTION.roadSegment), deleted: true },
			features: parts.map((f) => toApiFeature(f, COLLECTION.roadSegment))
		},
		{ status: 201 }
	);
});
