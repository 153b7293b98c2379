/**
 * Every code an import can answer with, by where it is made. The functions that make issues and
 * file problems (`rowIssue`, `problem` in types.ts, the service's errors) take only these codes, so
 * a new code cannot be made without being listed here, and the UI's messages are checked against
 * these lists (each code has `import.issue.<code>` in zh and en).
 */
import { ATTRIBUTE_ISSUE_CODES } from '../domain/attribute-values';
import { FEATURE_ISSUE_CODES, type FeatureIssueCode } from '../domain/validate-feature';
import { GEOMETRY_ISSUE_CODES } from '../geo/validate-geometry';

/** Problems of one row (or of the file as a whole, as a warning), made by the importers. */
export const IMPORT_ROW_CODES = [
	// parse-csv.ts
	'csv.row.fields',
	'csv.coordinates.missing',
	'csv.coordinates.not-number',
	'csv.wkt.missing',
	'csv.wkt.malformed',
	// parse-geojson.ts
	'feature.not-feature',
	// parse-shapefile.ts
	'shapefile.no-prj',
	// column-mapping.ts (convertValue)
	'value.not-number',
	'value.not-boolean',
	'value.not-date',
	'value.not-datetime',
	'value.unknown',
	'value.not-mappable',
	// source-attributes.ts
	'source-attributes.cut',
	'source-attributes.left-out',
	// prepare-row.ts
	'key.missing',
	'osm.incomplete',
	'osm.no-geometry',
	'osm.area-not-line',
	'osm.not-area',
	'geometry.self-intersection',
	// services/imports/import.ts
	'key.duplicate'
] as const;

/** Why a file cannot be read at all (a 4xx on upload). */
export const IMPORT_FILE_CODES = [
	// parse-file.ts
	'import.empty',
	'import.format.unknown',
	// decode-text.ts
	'import.encoding.mixed',
	// parse-csv.ts
	'import.csv.malformed',
	'import.csv.empty',
	'import.csv.duplicate-column',
	'import.csv.no-coordinates',
	// parse-csv.ts, parse-geojson.ts, parse-osm.ts, parse-shapefile.ts, parse-xml-features.ts
	'import.too-many-features',
	// parse-geojson.ts, parse-osm.ts
	'import.json.malformed',
	'import.geojson.not-geojson',
	// parse-osm.ts
	'import.osm.not-osm',
	'import.osm.pbf-malformed',
	'import.osm.malformed',
	// parse-xml-features.ts
	'import.kml.not-kml',
	'import.kml.malformed',
	'import.gpx.not-gpx',
	'import.gpx.malformed',
	// xml-document.ts
	'import.xml.doctype',
	'import.xml.malformed',
	// safe-unzip.ts
	'import.zip.malformed',
	'import.zip.unsafe-path',
	'import.zip.too-large',
	// parse-shapefile.ts
	'import.shapefile.no-shp',
	'import.shapefile.malformed'
] as const;

/** What the import service refuses about the choices or the commit (services/imports/). */
export const IMPORT_REQUEST_CODES = [
	'import.crs',
	'import.kind',
	'import.key-column',
	'import.mapping',
	'import.choices',
	'import.not-found',
	'import.nothing-valid',
	'import.rows-invalid',
	// src/lib/server/http/read-upload.ts, on the upload of the file
	'upload.too-large',
	'upload.missing',
	'upload.malformed'
] as const;

/** The note on a column left unmapped (column-mapping.ts). */
export const COLUMN_NOTE_CODES = ['mapping.values-do-not-fit'] as const;

export type ImportRowCode = (typeof IMPORT_ROW_CODES)[number];
export type FileProblemCode = (typeof IMPORT_FILE_CODES)[number];
export type ImportRequestCode = (typeof IMPORT_REQUEST_CODES)[number];
/** A row's issue: an importer's own code, or what the feature's validation said. */
export type ImportIssueCode = ImportRowCode | FeatureIssueCode;

/** Every code the import page may have to put into words. */
export const ALL_IMPORT_CODES: readonly string[] = [
	...new Set<string>([...IMPORT_ROW_CODES, ...FEATURE_ISSUE_CODES, ...ATTRIBUTE_ISSUE_CODES, ...GEOMETRY_ISSUE_CODES, ...IMPORT_FILE_CODES, ...IMPORT_REQUEST_CODES, ...COLUMN_NOTE_CODES])
];
