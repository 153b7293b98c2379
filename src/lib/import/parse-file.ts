/** Reads an uploaded file of any supported format into rows and issues. */
import { decodeText } from './decode-text';
import { detectFormat } from './detect-format';
import { parseCsv } from './parse-csv';
import { parseGeoJson } from './parse-geojson';
import { parseOsm } from './parse-osm';
import { parseShapefileZip } from './parse-shapefile';
import { parseGpx, parseKml } from './parse-xml-features';
import { problem, type ImportFormat, type ImportLimits, type ParseOutcome } from './types';

/**
 * `onProgress` hears how far reading has got where a format can tell (CSV: characters read of the
 * whole text); the others are read in one step.
 */
export async function parseFile(input: { bytes: Uint8Array; filename: string; format?: ImportFormat }, limits: ImportLimits, onProgress?: (done: number, total: number) => void): Promise<ParseOutcome> {
	const format = input.format ?? detectFormat(input.filename, input.bytes);
	if (input.bytes.byteLength === 0) return problem('import.empty', 'The file is empty.');
	if (format === 'shapefile') return parseShapefileZip(input.bytes, limits);
	if (format === 'osm-pbf') return parseOsm(format, input.bytes, limits);
	const decoded = decodeText(input.bytes);
	if (!decoded.ok) return { ok: false, problem: decoded.problem };
	const outcome = await parseText(format, decoded.text, limits, onProgress);
	if (outcome.ok) outcome.file.notes.encoding = decoded.encoding;
	return outcome;
}

function parseText(format: ImportFormat, text: string, limits: ImportLimits, onProgress?: (done: number, total: number) => void): ParseOutcome | Promise<ParseOutcome> {
	switch (format) {
		case 'geojson':
			return parseGeoJson(text, limits);
		case 'csv':
			return parseCsv(text, limits, onProgress);
		case 'kml':
			return parseKml(text, limits);
		case 'gpx':
			return parseGpx(text, limits);
		case 'osm-xml':
		case 'osm-json':
			return parseOsm(format, text, limits);
		default:
			return problem('import.format.unknown', `Unsupported format "${format}".`, undefined, undefined, { format });
	}
}
