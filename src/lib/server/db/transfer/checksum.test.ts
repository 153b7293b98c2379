/**
 * The canonical form a table's checksum is taken over: what one store writes differently from the
 * other for the same value (JSON key order and spacing, GeoJSON's extra members, a time's offset)
 * reads the same; a changed value does not.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalRow } from './checksum';
import type { TransferTable } from './tables';

const table: TransferTable = {
	name: 'features',
	columns: [
		{ name: 'id', kind: 'plain', text: false },
		{ name: 'geometry', kind: 'geometry', text: false },
		{ name: 'properties', kind: 'json', text: false },
		{ name: 'created_at', kind: 'plain', text: true },
		{ name: 'deleted_at', kind: 'plain', text: true }
	],
	primaryKey: ['id'],
	identity: 'id',
	references: []
};

describe('a row in canonical form', () => {
	const sqlite = { id: 7, geometry: '{"type":"Point","coordinates":[116.39,39.9,44.5]}', properties: '{"name":"公厕","a":{"y":1,"x":[1,2]}}', created_at: '2026-03-01T08:00:00.000Z', deleted_at: null };

	it('is the same for the same values as either store writes them', () => {
		const postgres = { id: 7, geometry: '{"coordinates":[116.39,39.9,44.5],"type":"Point","bbox":[116.39,39.9,116.39,39.9]}', properties: '{"a": {"x": [1, 2], "y": 1}, "name": "公厕"}', created_at: '2026-03-01T16:00:00+08:00', deleted_at: null };
		expect(canonicalRow(table, postgres)).toBe(canonicalRow(table, sqlite));
	});

	it('differs when a coordinate, a property or a time differs', () => {
		const base = canonicalRow(table, sqlite);
		expect(canonicalRow(table, { ...sqlite, geometry: '{"type":"Point","coordinates":[116.39,39.9,0]}' })).not.toBe(base);
		expect(canonicalRow(table, { ...sqlite, geometry: '{"type":"Point","coordinates":[116.39,39.9]}' })).not.toBe(base);
		expect(canonicalRow(table, { ...sqlite, properties: '{"name":"公厕","a":{"y":1,"x":[2,1]}}' })).not.toBe(base);
		expect(canonicalRow(table, { ...sqlite, created_at: '2026-03-01T08:00:00.001Z' })).not.toBe(base);
		expect(canonicalRow(table, { ...sqlite, deleted_at: '2026-03-01T08:00:00.000Z' })).not.toBe(base);
	});

	it('writes JSON with sorted keys at every depth', () => {
		expect(canonicalJson({ b: [{ d: 1, c: null }], a: '甲' })).toBe('{"a":"甲","b":[{"c":null,"d":1}]}');
	});
});
