import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { OPENAPI_JSON } from '$lib/server/http/ogc';

/** OGC API landing page. */
export const GET = api(async ({ url }) => {
	const base = url.origin;
	return json({
		title: 'sanimap',
		description: 'Sanitation campaign layers: bins, collection points, drains, display boards, shops, hotspots, road segments and zones. Data © OpenStreetMap contributors (ODbL) where from OSM.',
		links: [
			{ href: `${base}/api`, rel: 'self', type: 'application/json', title: 'This document' },
			{ href: `${base}/api/api`, rel: 'service-desc', type: OPENAPI_JSON, title: 'The API definition (OpenAPI 3.0)' },
			{ href: `${base}/api/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
			{ href: `${base}/api/collections`, rel: 'data', type: 'application/json', title: 'Layers' },
			{ href: `${base}/api/changesets`, rel: 'related', type: 'application/json', title: 'Edit history' }
		]
	});
});
