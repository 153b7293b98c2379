import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { OPENAPI_JSON } from '$lib/server/http/ogc';
import { openApiDocument } from '$lib/server/http/openapi';

/** The OpenAPI 3.0 definition, linked from the landing page as `service-desc`. */
export const GET = api(async ({ url }) => json(openApiDocument(url.origin), { headers: { 'content-type': OPENAPI_JSON } }));
