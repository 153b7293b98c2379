import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { collectionInfo } from '$lib/server/http/ogc';
import { collectionDef } from '$lib/server/services/features/feature-service';

export const GET = api(async ({ params, url }) => {
	const def = collectionDef(params.collectionId);
	const s = (await getApp().features.summary()).get(def.kind);
	return json(collectionInfo(def, url.origin, s?.count ?? 0, s?.bbox ?? null));
});
