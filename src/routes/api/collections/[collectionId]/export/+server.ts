import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { ApiError } from '$lib/server/http/api-error';
import { parseItemsQuery } from '$lib/server/http/items-query';
import { collectionDef } from '$lib/server/services/features/feature-service';
import { EXPORT_FORMATS, EXPORT_MEDIA_TYPES, type ExportFormat } from '$lib/import/export-features';

/**
 * A layer as a file: `?format=geojson|csv|kml`, filtered with the same parameters as `/items`
 * (bbox, q, field=value); without `limit` the whole (filtered) layer, written in an analysis worker.
 */
export const GET = api(async ({ params, url, getClientAddress }) => {
	const def = collectionDef(params.collectionId);
	const format = (url.searchParams.get('format') ?? 'geojson') as ExportFormat;
	if (!EXPORT_FORMATS.includes(format)) throw new ApiError(400, 'export.format', `format must be one of ${EXPORT_FORMATS.join(', ')}.`);
	const filters = new URLSearchParams(url.searchParams);
	filters.delete('format');
	const query = parseItemsQuery(def, filters);
	if (!filters.has('limit')) query.limit = Number.MAX_SAFE_INTEGER;
	const { text, numberMatched } = await getApp().analysis.run(getClientAddress(), { op: 'export', kind: def.kind, query, format });
	const ext = format === 'geojson' ? 'geojson' : format;
	return new Response(text, {
		headers: {
			'content-type': EXPORT_MEDIA_TYPES[format],
			'content-disposition': `attachment; filename="${def.collection}.${ext}"`,
			'x-number-matched': String(numberMatched),
			'cache-control': 'no-store'
		}
	});
});
