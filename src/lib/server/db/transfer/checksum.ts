/**
 * What a copied table is compared by: its row count and a SHA-256 over its rows in primary-key
 * order, each written canonically, so the same community gives the same sum on either store:
 * - JSON values parsed and written with sorted keys (jsonb keeps its own key order);
 * - geometries as their type and coordinates only (the text of a GeoJSON object may differ);
 * - times (`…_at` columns) as ISO 8601 UTC with milliseconds.
 */
import { createHash } from 'node:crypto';
import type { Geometry } from 'geojson';
import { keyOf, type Row, type TransferStore, type Value } from './store';
import type { TransferTable } from './tables';

export interface TableSum {
	rows: number;
	checksum: string;
}

export const BATCH_ROWS = 1000;

/** `onBatch` hears the rows read so far after each batch. */
export async function tableChecksum(store: TransferStore, table: TransferTable, batch = BATCH_ROWS, onBatch: (rows: number, last: boolean) => void = () => {}): Promise<TableSum> {
	const hash = createHash('sha256');
	let rows = 0;
	let after: Value[] | null = null;
	for (;;) {
		const page = await store.readBatch(table, after, batch);
		for (const row of page) hash.update(canonicalRow(table, row) + '\n');
		rows += page.length;
		onBatch(rows, page.length < batch);
		if (page.length < batch) break;
		after = keyOf(table, page[page.length - 1]);
	}
	return { rows, checksum: hash.digest('hex') };
}

export function canonicalRow(table: TransferTable, row: Row): string {
	const out: Record<string, unknown> = {};
	for (const column of table.columns) {
		const value = row[column.name];
		if (value === null || value === undefined) out[column.name] = null;
		else if (column.kind === 'geometry') out[column.name] = geometryShape(JSON.parse(String(value)) as Geometry);
		else if (column.kind === 'json') out[column.name] = JSON.parse(String(value));
		else if (column.name.endsWith('_at') && typeof value === 'string') out[column.name] = instant(value);
		else out[column.name] = value;
	}
	return canonicalJson(out);
}

function geometryShape(geometry: Geometry): unknown {
	if (geometry.type === 'GeometryCollection') return { type: geometry.type, geometries: geometry.geometries.map(geometryShape) };
	return { type: geometry.type, coordinates: geometry.coordinates };
}

/** An ISO time the same instant however it was written; any other text as it is. */
function instant(text: string): string {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return text;
	const ms = Date.parse(text);
	return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

/** JSON with every object's keys sorted. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}
