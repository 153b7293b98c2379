import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { collectionDef, parseFeatureId } from '$lib/server/services/features/feature-service';
import { ApiError } from '$lib/server/http/api-error';
import { refuseHiddenCase } from '$lib/server/http/hidden-case';

/** Every version of a feature, deleted ones included, oldest first. */
export const GET = api(async ({ params, locals }) => {
	const def = collectionDef(params.collectionId);
	if (def.kind === 'hotspot') await refuseHiddenCase(parseFeatureId(params.featureId), locals);
	const history = (await getApp().changesets.history(parseFeatureId(params.featureId))).filter((v) => v.kind === def.kind);
	if (history.length === 0) throw new ApiError(404, 'feature.not-found', `There is no ${def.label.en.toLowerCase()} feature ${params.featureId}.`);
	return json({ versions: history });
});
