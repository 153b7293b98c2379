import { getApp } from '$lib/server/app';
import { config } from '$lib/server/config';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { collectionDef } from '$lib/server/services/features/feature-service';
import { MAX_ZOOM } from '$lib/server/services/tiles/tiles';
import { isValidTile } from '$lib/geo/tile-math';

const MVT = 'application/vnd.mapbox-vector-tile';

/**
 * One vector tile of a layer (MVT, source-layer = the collection id). Cached by the layer's latest
 * changeset: revalidate with If-None-Match, a tile that has not changed answers 304.
 */
export const GET = api(async ({ params, request }) => {
	const def = collectionDef(params.layer);
	const z = Number(params.z), x = Number(params.x);
	const yMatch = /^(\d+)\.pbf$/.exec(params.y ?? '');
	const y = yMatch ? Number(yMatch[1]) : NaN;
	if (!isValidTile(z, x, y, MAX_ZOOM)) {
		throw new ApiError(400, 'tile.invalid', `There is no tile ${params.z}/${params.x}/${params.y}: use /{z}/{x}/{y}.pbf with 0 ≤ z ≤ ${MAX_ZOOM} and 0 ≤ x, y < 2^z.`);
	}
	const tile = await getApp().tiles.tile(def, z, x, y);
	const headers = { etag: tile.etag, 'cache-control': 'no-cache', 'content-type': MVT, 'x-tile-features': String(tile.features) };
	if (request.headers.get('if-none-match') === tile.etag) return new Response(null, { status: 304, headers });
	return new Response(tile.body, { headers });
});
