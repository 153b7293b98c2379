/** The format of an uploaded file: from its name when it says, else from its first bytes. */
import type { ImportFormat } from './types';

const BY_EXTENSION: [RegExp, ImportFormat][] = [
	[/\.osm\.pbf$|\.pbf$/i, 'osm-pbf'],
	[/\.osm$|\.osm\.xml$/i, 'osm-xml'],
	[/\.(geo)?json$/i, 'geojson'],
	[/\.csv$|\.txt$|\.tsv$/i, 'csv'],
	[/\.kml$/i, 'kml'],
	[/\.gpx$/i, 'gpx'],
	[/\.zip$|\.shz$/i, 'shapefile']
];

export function detectFormat(filename: string, bytes: Uint8Array): ImportFormat {
	const sniffed = sniff(bytes);
	const named = BY_EXTENSION.find(([re]) => re.test(filename))?.[1];
	// A .json file may be GeoJSON or an Overpass extract; the content decides.
	if (named === 'geojson' && sniffed === 'osm-json') return 'osm-json';
	return named ?? sniffed ?? 'csv';
}

function sniff(bytes: Uint8Array): ImportFormat | null {
	if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'shapefile';
	const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 2048));
	if (head.includes('OSMHeader')) return 'osm-pbf';
	const text = head.replace(/^\uFEFF/, '').trimStart();
	if (text.startsWith('<')) {
		if (/<kml[\s>]/.test(text)) return 'kml';
		if (/<gpx[\s>]/.test(text)) return 'gpx';
		if (/<osm[\s>]/.test(text)) return 'osm-xml';
		return null;
	}
	if (text.startsWith('{') || text.startsWith('[')) {
		if (/"elements"\s*:/.test(text) && !/"FeatureCollection"/.test(text)) return 'osm-json';
		return 'geojson';
	}
	return null;
}
