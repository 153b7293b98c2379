import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '$lib/server/config';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';

/** Context layers of the offline basemap (buildings, water), served from the demo data. */
const LAYERS = new Set(['buildings', 'water']);

export const GET = api(async ({ params }) => {
	if (!params.layer || !LAYERS.has(params.layer)) throw new ApiError(404, 'basemap.not-found', `There is no basemap layer "${params.layer}".`);
	const file = join(config.dataDir, 'demo', 'basemap', `${params.layer}.geojson`);
	const body = existsSync(file) ? readFileSync(file) : JSON.stringify({ type: 'FeatureCollection', features: [] });
	return new Response(body, { headers: { 'content-type': 'application/geo+json', 'cache-control': 'public, max-age=3600' } });
});
