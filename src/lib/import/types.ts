/**
 * What every importer hands on: the rows it read (geometry as found, attributes as found) and the
 * problems it found, coded. Parsers never throw on user data; a file that cannot be read at all is
 * a `FileProblem`, a row that cannot be used is an `ImportIssue` on that row.
 */
import type { IssueParams, RefusalReason } from '../issues';
import type { FileProblemCode, ImportIssueCode } from './issue-codes';

export type { IssueParams };

export type ImportFormat = 'geojson' | 'csv' | 'kml' | 'gpx' | 'shapefile' | 'osm-xml' | 'osm-pbf' | 'osm-json';

export const OSM_FORMATS: readonly ImportFormat[] = ['osm-xml', 'osm-pbf', 'osm-json'];

/** Coordinate systems a file may come in; stored data is always WGS84. */
export const SOURCE_CRS = ['wgs84', 'gcj02', 'bd09'] as const;
export type SourceCrs = (typeof SOURCE_CRS)[number];

export interface SourceRow {
	/** 1-based position in the file as a person counts it: the CSV line, the n-th feature or placemark. */
	row: number;
	/** The geometry as read, not yet checked (it may be anything in a hostile file). */
	geometry: unknown;
	/** Column or property values as read. */
	attributes: Record<string, unknown>;
	/** OSM only: "node/1", "way/2", "relation/3". */
	osmId?: string;
	/** OSM only: the element's tags. */
	tags?: Record<string, string>;
	/** OSM only: some of the element's members were missing from the extract. */
	incomplete?: boolean;
}

export interface ImportIssue {
	/** The row it concerns, or null for the file as a whole. */
	row: number | null;
	code: string;
	message: string;
	/** Where in the row: `geometry.coordinates.0`, `column.status`, `properties.binType`. */
	path: string;
	/** An error keeps the row out of the import; a warning is shown and the row goes in. */
	severity: 'error' | 'warning';
	/**
	 * The values `message` is built from (row, column, value, limit, the field's key with its
	 * kind, …), so that a page can put `code` into the reader's language.
	 */
	params?: IssueParams;
}

export interface ParsedFile {
	format: ImportFormat;
	rows: SourceRow[];
	/** Attribute names in file order (CSV header, the union of GeoJSON property names). */
	columns: string[];
	issues: ImportIssue[];
	/** What the parser found out about the file: encoding, coordinate columns, projection. */
	notes: Record<string, unknown>;
}

/** Why a file could not be read at all: the API answers it with a 4xx `{ code, message, details }`. */
export interface FileProblem {
	code: FileProblemCode;
	message: string;
	details?: Record<string, unknown>;
	/** The values `message` is built from, for a page that says it in the reader's language. */
	params?: IssueParams;
	/** 'too-large' for limits on size, 'invalid' when absent. */
	reason?: Extract<RefusalReason, 'invalid' | 'too-large' | 'unsupported-type' | 'cannot-apply'>;
}

export type ParseOutcome = { ok: true; file: ParsedFile } | { ok: false; problem: FileProblem };

/** Limits an import enforces; each is named in the error a caller gets (`env` names the variable). */
export interface ImportLimits {
	/** Most vertices in one geometry (SANIMAP_MAX_VERTICES). */
	maxVertices: number;
	/** Most rows or features in one file (SANIMAP_MAX_IMPORT_FEATURES). */
	maxFeatures: number;
	/** Most bytes a zip may unpack to, summed over its entries (SANIMAP_MAX_UNZIPPED_BYTES). */
	maxUnzippedBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
	maxVertices: 100_000,
	maxFeatures: 200_000,
	maxUnzippedBytes: 200 * 1024 * 1024
};

export const rowIssue = (row: number | null, code: ImportIssueCode, message: string, path = '', severity: ImportIssue['severity'] = 'error', params: IssueParams = {}): ImportIssue => ({
	row,
	code,
	message,
	path,
	severity,
	params: row === null ? params : { row, ...params }
});

export const problem = (code: FileProblemCode, message: string, details?: Record<string, unknown>, reason?: FileProblem['reason'], params?: IssueParams): ParseOutcome => ({
	ok: false,
	problem: { code, message, ...(details ? { details } : {}), ...(reason ? { reason } : {}), ...(params ? { params } : {}) }
});

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
