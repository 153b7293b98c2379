// Type declarations for the untyped packages the importers use, as much of them as we call.
declare module 'osmtogeojson' {
	import type { FeatureCollection } from 'geojson';
	function osmtogeojson(data: unknown, options?: { flatProperties?: boolean; uninterestingTags?: unknown; polygonFeatures?: unknown }): FeatureCollection;
	export default osmtogeojson;
}
declare module 'tiny-osmpbf' {
	function tinyosmpbf(data: Uint8Array): { elements: { type: string; id: number; tags?: Record<string, string> }[] };
	export default tinyosmpbf;
}
declare module 'shpjs' {
	import type { FeatureCollection } from 'geojson';
	function getShapefile(
		input: { shp: ArrayBuffer | Uint8Array; dbf?: ArrayBuffer | Uint8Array; prj?: string; cpg?: string } | ArrayBuffer | Uint8Array
	): Promise<FeatureCollection | FeatureCollection[]>;
	export default getShapefile;
}
declare module '@terraformer/wkt' {
	import type { Geometry } from 'geojson';
	export function wktToGeoJSON(wkt: string): Geometry;
	export function geojsonToWKT(geometry: Geometry): string;
}
