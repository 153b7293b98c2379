import { describe, expect, it } from 'vitest';
import { kindByCollection } from '../domain/kinds';
import { prepareFileRow, prepareOsmRow } from './prepare-row';
import type { SourceRow } from './types';

const bins = kindByCollection('bins')!;
const zones = kindByCollection('zones')!;
const limits = { maxVertices: 1000 };
const now = new Date('2026-01-01T00:00:00Z');
const row = (geometry: unknown, attributes: Record<string, unknown> = {}): SourceRow => Object.freeze({ row: 2, geometry, attributes });

describe('prepareFileRow', () => {
	it('turns a valid row into a feature with defaults, keeping what the file gave apart', () => {
		const out = prepareFileRow(row({ type: 'Point', coordinates: [116.35, 40] }, { n: '北门', id: 'B1' }), { def: bins, mapping: { n: 'name' }, crs: 'wgs84', keyColumn: 'id', limits, now });
		expect(out.issues).toEqual([]);
		expect(out.candidate).toMatchObject({ kind: 'bin', key: 'B1', given: { name: '北门' }, properties: { name: '北门', binType: 'litter', status: 'installed' } });
	});

	it('keeps the columns that fill no field as source attributes', () => {
		const attributes = { n: 'Bin 7', Location: 'Market Place', type: 'Derby Auto Slimline', lon: '116.35' };
		const out = prepareFileRow(row({ type: 'Point', coordinates: [116.35, 40] }, attributes), { def: bins, mapping: { n: 'name', Location: null, type: null, lon: null }, sourceColumns: ['Location', 'type'], crs: 'wgs84', limits, now });
		expect(out.issues).toEqual([]);
		expect(out.candidate!.given).toEqual({ name: 'Bin 7', sourceAttributes: { Location: 'Market Place', type: 'Derby Auto Slimline' } });
		expect(out.candidate!.properties).toMatchObject({ binType: 'litter', sourceAttributes: { Location: 'Market Place', type: 'Derby Auto Slimline' } });
	});

	it('refuses latitude 123.4 with a coded issue', () => {
		const out = prepareFileRow(row({ type: 'Point', coordinates: [116.35, 123.4] }), { def: bins, mapping: {}, crs: 'wgs84', limits });
		expect(out.candidate).toBeUndefined();
		expect(out.issues.map((i) => i.code)).toEqual(['geometry.coordinates.range']);
		expect(out.issues[0].message).toMatch(/Latitude 123.4/);
	});

	it('refuses string coordinates and the wrong geometry type', () => {
		expect(prepareFileRow(row({ type: 'Point', coordinates: ['116', '40'] }), { def: bins, mapping: {}, crs: 'wgs84', limits }).issues[0].code).toBe('geometry.coordinates.not-number');
		expect(prepareFileRow(row({ type: 'LineString', coordinates: [[116, 40], [116.1, 40]] }), { def: bins, mapping: {}, crs: 'wgs84', limits }).issues[0].code).toBe('geometry.type');
	});

	it('refuses a ring over the vertex limit by counting, naming the setting', () => {
		const ring = Array.from({ length: 5000 }, (_, i) => [116 + Math.cos(i) / 100, 40 + Math.sin(i) / 100]);
		ring.push(ring[0]);
		const out = prepareFileRow(row({ type: 'Polygon', coordinates: [ring] }), { def: zones, mapping: {}, crs: 'wgs84', limits });
		expect(out.issues.map((i) => i.code)).toEqual(['geometry.too-many-vertices']);
		expect(out.issues[0].message).toMatch(/1000 vertices \(SANIMAP_MAX_VERTICES\)/);
	});

	it('reports a self-intersecting polygon with where it crosses', () => {
		const bowtie = [[116, 40], [116.01, 40.01], [116.01, 40], [116, 40.01], [116, 40]];
		const out = prepareFileRow(row({ type: 'Polygon', coordinates: [bowtie] }), { def: zones, mapping: {}, crs: 'wgs84', limits });
		expect(out.candidate).toBeUndefined();
		expect(out.issues.map((i) => i.code)).toEqual(['geometry.self-intersection']);
		expect(out.issues[0].message).toMatch(/116\.005000, 40\.005000/);
	});

	it('refuses a 20,000-deep GeometryCollection without walking it', () => {
		let g: unknown = { type: 'Point', coordinates: [116, 40] };
		for (let i = 0; i < 20_000; i++) g = { type: 'GeometryCollection', geometries: [g] };
		const out = prepareFileRow(row(g), { def: bins, mapping: {}, crs: 'wgs84', limits });
		expect(out.issues.map((i) => i.code)).toEqual(['geometry.type']);
	});

	it('converts GCJ-02 coordinates before storing', () => {
		const out = prepareFileRow(row({ type: 'Point', coordinates: [116.35, 40] }), { def: bins, mapping: {}, crs: 'gcj02', limits });
		const [lon, lat] = (out.candidate!.geometry as { coordinates: number[] }).coordinates;
		expect(lon).toBeLessThan(116.35);
		expect(lat).toBeLessThan(40);
	});

	it('reports a missing key', () => {
		const out = prepareFileRow(row({ type: 'Point', coordinates: [116.35, 40] }, { id: ' ' }), { def: bins, mapping: {}, crs: 'wgs84', keyColumn: 'id', limits });
		expect(out.issues.map((i) => i.code)).toEqual(['key.missing']);
	});
});

describe('prepareOsmRow', () => {
	it('keeps a shop drawn as a building as a point inside it, with its osmId', () => {
		const square = [[116, 40], [116.001, 40], [116.001, 40.001], [116, 40.001], [116, 40]];
		const out = prepareOsmRow({ row: 1, geometry: { type: 'Polygon', coordinates: [square] }, attributes: {}, osmId: 'way/5', tags: { shop: 'bakery' } }, { crs: 'wgs84', limits })!;
		expect(out.candidate?.geometry.type).toBe('Point');
		expect(out.candidate?.properties).toMatchObject({ osmId: 'way/5', category: 'food', source: 'osm' });
		expect(out.candidate?.key).toBe('way/5');
	});

	it('refuses a road mapped as an area and a zone that is only a point', () => {
		const square = [[116, 40], [116.001, 40], [116.001, 40.001], [116, 40]];
		expect(prepareOsmRow({ row: 1, geometry: { type: 'Polygon', coordinates: [square] }, attributes: {}, osmId: 'way/6', tags: { highway: 'pedestrian', area: 'yes' } }, { crs: 'wgs84', limits })!.issues[0].code).toBe('osm.area-not-line');
		expect(prepareOsmRow({ row: 1, geometry: { type: 'Point', coordinates: [116, 40] }, attributes: {}, osmId: 'node/7', tags: { place: 'neighbourhood' } }, { crs: 'wgs84', limits })).toMatchObject({ kind: 'zone', issues: [{ code: 'osm.not-area' }] });
	});

	it('ignores elements none of our kinds takes', () => {
		expect(prepareOsmRow({ row: 1, geometry: { type: 'Point', coordinates: [116, 40] }, attributes: {}, osmId: 'node/8', tags: { amenity: 'bench' } }, { crs: 'wgs84', limits })).toBeNull();
	});
});
