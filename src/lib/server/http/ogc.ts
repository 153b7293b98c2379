/**
 * Shapes for the read API in the manner of OGC API – Features Part 1
 * (https://docs.ogc.org/is/17-069r4/17-069r4.html), so GIS clients read our layers directly.
 */
import type { ApiFeature } from '../../domain/api-types';
import type { KindDef } from '../../domain/kinds';
import type { StoredFeature } from '../repositories/stored-feature';

export const GEOJSON = 'application/geo+json';
/** The media type of the OpenAPI document at /api/api (OGC API – Features, /req/oas30). */
export const OPENAPI_JSON = 'application/vnd.oai.openapi+json;version=3.0';

export const CONFORMANCE = [
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30'
];

export function toApiFeature(f: StoredFeature, collection: string): ApiFeature {
	return {
		type: 'Feature',
		id: f.id,
		geometry: f.geometry,
		properties: f.properties,
		version: f.version,
		collection,
		updatedAt: f.updatedAt,
		updatedBy: f.updatedBy
	};
}

/**
 * The links of one item (/req/core/f-links): itself, and the layer it belongs to. `base` is the
 * server's origin, as the request reached it.
 */
export function itemLinks(base: string, collection: string, id: number, title: string) {
	return [
		{ href: `${base}/api/collections/${collection}/items/${id}`, rel: 'self', type: GEOJSON, title: 'This feature' },
		{ href: `${base}/api/collections/${collection}`, rel: 'collection', type: 'application/json', title }
	];
}

export const etagOf = (version: number) => `"${version}"`;

/** The version named by an If-Match header (`"3"`, `W/"3"` or `3`), or undefined. */
export function versionFromIfMatch(header: string | null): number | undefined {
	if (!header) return undefined;
	const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
	return m ? Number(m[1]) : NaN;
}

export function collectionInfo(def: KindDef, base: string, count: number, bbox: number[] | null) {
	return {
		id: def.collection,
		title: def.label.en,
		description: `${def.label.zh} / ${def.label.en}`,
		itemType: 'feature',
		kind: def.kind,
		geometryType: def.geometry,
		label: def.label,
		count,
		crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
		storageCrs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
		extent: { spatial: { bbox: [bbox ?? [-180, -90, 180, 90]], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' } },
		links: [
			{ href: `${base}/api/collections/${def.collection}`, rel: 'self', type: 'application/json', title: def.label.en },
			{ href: `${base}/api/collections/${def.collection}/items`, rel: 'items', type: GEOJSON, title: def.label.en },
			{ href: `${base}/api/collections/${def.collection}/export?format=geojson`, rel: 'enclosure', type: GEOJSON, title: `${def.label.en} (GeoJSON download)` },
			{ href: `${base}/api/collections/${def.collection}/export?format=csv`, rel: 'enclosure', type: 'text/csv', title: `${def.label.en} (CSV download)` },
			{ href: `${base}/api/collections/${def.collection}/export?format=kml`, rel: 'enclosure', type: 'application/vnd.google-earth.kml+xml', title: `${def.label.en} (KML download)` }
		]
	};
}
