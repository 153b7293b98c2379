import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { parseItemsQuery } from '$lib/server/http/items-query';
import { etagOf, GEOJSON, toApiFeature } from '$lib/server/http/ogc';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { requirePermission } from '$lib/server/auth';
import { collectionDef } from '$lib/server/services/features/feature-service';

export const GET = api(async ({ params, url }) => {
	const def = collectionDef(params.collectionId);
	const query = parseItemsQuery(def, url.searchParams);
	const page = await getApp().features.query(def.kind, query);
	const offset = query.offset ?? 0;
	const pageUrl = (o: number) => {
		const u = new URL(url);
		u.searchParams.set('offset', String(o));
		u.searchParams.set('limit', String(query.limit));
		return u.href;
	};
	const links = [{ href: url.href, rel: 'self', type: GEOJSON }];
	if (offset + page.features.length < page.numberMatched) links.push({ href: pageUrl(offset + query.limit), rel: 'next', type: GEOJSON });
	if (offset > 0) links.push({ href: pageUrl(Math.max(0, offset - query.limit)), rel: 'prev', type: GEOJSON });
	return json(
		{
			type: 'FeatureCollection',
			features: page.features.map((f) => toApiFeature(f, def.collection)),
			numberMatched: page.numberMatched,
			numberReturned: page.features.length,
			timeStamp: getApp().clock().toISOString(),
			links
		},
		{ headers: { 'content-type': GEOJSON } }
	);
});

export const POST = api(async (event) => {
	const def = collectionDef(event.params.collectionId);
	requirePermission(event, 'edit', def.kind);
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const { changeset, results } = await getApp().featureService.create(def, body, writeContext(event));
	const feature = results[0];
	return json(
		{ ...toApiFeature(feature, def.collection), changesetId: changeset.id },
		{
			status: 201,
			headers: {
				'content-type': GEOJSON,
				etag: etagOf(feature.version),
				location: `${event.url.origin}/api/collections/${def.collection}/items/${feature.id}`
			}
		}
	);
});
