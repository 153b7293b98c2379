/**
 * CSV with coordinates in a lon/lat pair of columns or in one WKT column, found from the header
 * (经度/纬度 included). Text encoding is detected before (see decode-text.ts).
 */
import Papa from 'papaparse';
import { wktToGeoJSON } from '@terraformer/wkt';
import { findCoordinateColumns } from './column-names';
import { problem, rowIssue, type ImportIssue, type ImportLimits, type ParseOutcome, type SourceRow } from './types';

/** Rows between pauses, so a large file does not hold the event loop for seconds. */
const ROWS_PER_SLICE = 2000;

function readRecords(text: string, maxRecords: number, onProgress?: (done: number, total: number) => void): Promise<{ records: string[][]; quoteErrorRow?: number; quoteMessage?: string; tooMany?: boolean }> {
	return new Promise((resolve) => {
		const records: string[][] = [];
		let quoteErrorRow: number | undefined;
		let quoteMessage: string | undefined;
		let tooMany = false;
		Papa.parse<string[]>(text, {
			skipEmptyLines: 'greedy',
			step: (result, parser) => {
				const quote = result.errors.find((e) => e.type === 'Quotes');
				if (quote && quoteErrorRow === undefined) {
					quoteErrorRow = records.length + 1;
					quoteMessage = quote.message;
				}
				records.push(result.data);
				if (records.length > maxRecords) {
					tooMany = true;
					parser.abort();
				} else if (records.length % ROWS_PER_SLICE === 0) {
					onProgress?.(result.meta.cursor, text.length);
					parser.pause();
					setImmediate(() => parser.resume());
				}
			},
			complete: () => resolve({ records, quoteErrorRow, quoteMessage, tooMany })
		});
	});
}

/** `onProgress`: characters read so far of the whole text, now and then. */
export async function parseCsv(text: string, limits: Pick<ImportLimits, 'maxFeatures'>, onProgress?: (done: number, total: number) => void): Promise<ParseOutcome> {
	const parsed = await readRecords(text, limits.maxFeatures + 1, onProgress);
	if (parsed.quoteErrorRow !== undefined) {
		return problem('import.csv.malformed', `The CSV is malformed near line ${parsed.quoteErrorRow}: ${parsed.quoteMessage}. Check for a quote (") that is opened but never closed.`, { row: parsed.quoteErrorRow }, undefined, { row: parsed.quoteErrorRow, detail: parsed.quoteMessage ?? '' });
	}
	if (parsed.tooMany) {
		return problem('import.too-many-features', `The CSV has more than ${limits.maxFeatures} rows, the limit (SANIMAP_MAX_IMPORT_FEATURES).`, { limit: limits.maxFeatures }, 'too-large', { limit: limits.maxFeatures });
	}
	const [header, ...data] = parsed.records;
	if (!header || header.length === 0 || header.every((h) => h.trim() === '')) return problem('import.csv.empty', 'The CSV has no header row.');
	const columns = header.map((h, i) => h.trim() || `column${i + 1}`);
	if (new Set(columns).size !== columns.length) {
		const dup = columns.find((c, i) => columns.indexOf(c) !== i);
		return problem('import.csv.duplicate-column', `The CSV header names the column "${dup}" twice; give each column its own name.`, undefined, undefined, { column: dup ?? '' });
	}
	const coords = findCoordinateColumns(columns);
	if (!coords.lon && !coords.wkt) {
		return problem(
			'import.csv.no-coordinates',
			`No coordinate columns found in the header (${columns.slice(0, 12).join(', ')}). Name them lon and lat (or 经度 and 纬度), or give a WKT column named wkt or geometry.`,
			{ columns },
			undefined,
			{ columns: columns.slice(0, 12).join(', ') }
		);
	}
	const rows: SourceRow[] = [];
	const issues: ImportIssue[] = [];
	data.forEach((cells, i) => {
		const row = i + 2; // line 1 is the header
		if (cells.length !== columns.length) {
			issues.push(rowIssue(row, 'csv.row.fields', `Line ${row} has ${cells.length} fields; the header has ${columns.length}.`, 'row', 'error', { found: cells.length, expected: columns.length }));
			return;
		}
		const attributes: Record<string, unknown> = {};
		columns.forEach((c, j) => (attributes[c] = cells[j]));
		const geometry = coords.lon ? pointFrom(attributes[coords.lon] as string, attributes[coords.lat!] as string, row, coords.lon, coords.lat!, issues) : wktFrom(attributes[coords.wkt!] as string, row, coords.wkt!, issues);
		if (geometry) rows.push({ row, geometry, attributes });
	});
	return { ok: true, file: { format: 'csv', rows, columns, issues, notes: { coordinateColumns: coords } } };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function pointFrom(lonText: string, latText: string, row: number, lonCol: string, latCol: string, issues: ImportIssue[]) {
	const lon = lonText.trim();
	const lat = latText.trim();
	if (lon === '' || lat === '') {
		const column = lon === '' ? lonCol : latCol;
		issues.push(rowIssue(row, 'csv.coordinates.missing', `Line ${row} has no ${column}.`, `column.${column}`, 'error', { column }));
		return null;
	}
	for (const [text, col] of [[lon, lonCol], [lat, latCol]]) {
		if (!NUMBER.test(text)) {
			issues.push(rowIssue(row, 'csv.coordinates.not-number', `Line ${row}: ${col} "${text.slice(0, 40)}" is not a number.`, `column.${col}`, 'error', { column: col, value: text.slice(0, 40) }));
			return null;
		}
	}
	return { type: 'Point', coordinates: [Number(lon), Number(lat)] };
}

function wktFrom(text: string, row: number, col: string, issues: ImportIssue[]) {
	if (!text || text.trim() === '') {
		issues.push(rowIssue(row, 'csv.wkt.missing', `Line ${row} has no geometry in ${col}.`, `column.${col}`, 'error', { column: col }));
		return null;
	}
	try {
		return wktToGeoJSON(text.trim());
	} catch (e) {
		const reason = e instanceof RangeError ? 'nested' : 'invalid';
		const why = reason === 'nested' ? 'it is nested too deeply' : 'it is not valid WKT';
		issues.push(rowIssue(row, 'csv.wkt.malformed', `Line ${row}: the ${col} column cannot be read (${why}).`, `column.${col}`, 'error', { column: col, reason }));
		return null;
	}
}
