import { json } from '@sveltejs/kit';
import { KINDS } from '$lib/domain/kinds';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { collectionInfo } from '$lib/server/http/ogc';

export const GET = api(async ({ url }) => {
	const summary = await getApp().features.summary();
	return json({
		links: [{ href: `${url.origin}/api/collections`, rel: 'self', type: 'application/json' }],
		collections: KINDS.map((def) => {
			const s = summary.get(def.kind);
			return collectionInfo(def, url.origin, s?.count ?? 0, s?.bbox ?? null);
		})
	});
});
