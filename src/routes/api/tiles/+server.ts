import { json } from '@sveltejs/kit';
import { KINDS } from '$lib/domain/kinds';
import { getApp } from '$lib/server/app';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { tileThreshold } from '$lib/server/services/tiles/tiles';

/**
 * The vector tile layers, one per collection, in the manner of TileJSON: their tile URL, zoom
 * range and feature count, and whether the map page draws them from tiles (count above the threshold).
 */
export const GET = api(async ({ url }) => {
	const tiles = getApp().tiles;
	return json(
		{ threshold: tileThreshold(), layers: await Promise.all(KINDS.map((def) => tiles.info(def, url.origin))) },
		{ headers: { 'cache-control': 'no-cache' } }
	);
});
