import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { kindByCollection } from '../domain/kinds';
import { exportFeatures, OSM_NOTICE } from './export-features';
import { parseKml } from './parse-xml-features';
import { DEFAULT_IMPORT_LIMITS } from './types';

const bins = kindByCollection('bins')!;
const features = Object.freeze([
	{ id: 1, version: 2, updatedAt: '2026-01-01T00:00:00Z', geometry: { type: 'Point' as const, coordinates: [116.35, 40] }, properties: { name: '北门 "A" & <B>', binType: 'litter', status: 'installed' } },
	{ id: 2, version: 1, updatedAt: '2026-01-01T00:00:00Z', geometry: { type: 'Point' as const, coordinates: [116.36, 40.01] }, properties: { binType: 'refuse', osmId: 'node/9', source: 'osm' } }
]);

describe('exportFeatures', () => {
	it('writes CSV with lon/lat, WKT, every field and the OSM notice on OSM rows', () => {
		const csv = exportFeatures(bins, features, 'csv');
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const { data } = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
		expect(data).toHaveLength(2);
		expect(data[0]).toMatchObject({ id: '1', lon: '116.3500000', lat: '40.0000000', name: '北门 "A" & <B>', binType: 'litter', wkt: 'POINT (116.35 40)', attribution: '' });
		expect(data[1].attribution).toBe(OSM_NOTICE);
	});

	it('neutralises cells a spreadsheet would run as formulas, and leaves negative numbers as numbers (OWASP CSV injection)', () => {
		const hostile = ['=HYPERLINK("http://evil.example","x")', '@SUM(A1)', '+1+cmd|/C calc!A0', '-2+3', '\t=1', '\r=1'];
		const rows = hostile.map((name, i) => ({ id: 10 + i, version: 1, updatedAt: '2026-01-01T00:00:00Z', geometry: { type: 'Point' as const, coordinates: [-12.5, -33.25] }, properties: { name, binType: 'litter' } }));
		const { data } = Papa.parse<Record<string, string>>(exportFeatures(bins, rows, 'csv').slice(1), { header: true, skipEmptyLines: true });
		expect(data.map((r) => r.name)).toEqual(hostile.map((name) => `'${name}`));
		expect(data.every((r) => r.lon === '-12.5000000' && r.lat === '-33.2500000')).toBe(true);
	});

	it('writes KML that reads back with the same names and positions', () => {
		const kml = exportFeatures(bins, features, 'kml');
		expect(kml).toContain('OpenStreetMap contributors');
		const back = parseKml(kml, DEFAULT_IMPORT_LIMITS);
		expect(back.ok).toBe(true);
		if (!back.ok) return;
		expect(back.file.rows.map((r) => [r.attributes.name, r.attributes.binType, (r.geometry as { coordinates: number[] }).coordinates])).toEqual([
			['北门 "A" & <B>', 'litter', [116.35, 40]],
			['Bins 2', 'refuse', [116.36, 40.01]]
		]);
	});

	it('writes GeoJSON with the licence only when OSM data is in it', () => {
		expect(JSON.parse(exportFeatures(bins, features, 'geojson')).attribution).toBe(OSM_NOTICE);
		const own = JSON.parse(exportFeatures(bins, features.slice(0, 1), 'geojson'));
		expect(own.attribution).toBeUndefined();
		expect(own.features[0]).toMatchObject({ id: 1, properties: { version: 2, name: '北门 "A" & <B>' } });
	});

	it('writes source attributes as columns of their own, renaming one that is already a column', () => {
		const kept = Object.freeze([
			{ id: 5, version: 1, updatedAt: '2026-01-01T00:00:00Z', geometry: { type: 'Point' as const, coordinates: [-1.47, 52.92] }, properties: { name: 'Bin 5', binType: 'litter', sourceAttributes: { Location: 'Market Place', Ashtray: 'Yes', type: 'Derby Auto Slimline', version: 'v2' } } },
			{ id: 6, version: 1, updatedAt: '2026-01-01T00:00:00Z', geometry: { type: 'Point' as const, coordinates: [-1.48, 52.93] }, properties: { name: 'Bin 6', binType: 'litter', sourceAttributes: { Direction: 'N' } } }
		]);
		const { data, meta } = Papa.parse<Record<string, string>>(exportFeatures(bins, kept, 'csv').slice(1), { header: true, skipEmptyLines: true });
		expect(meta.fields).not.toContain('sourceAttributes');
		expect(meta.fields!.slice(-5)).toEqual(['Location', 'Ashtray', 'type', 'sourceAttributes.version', 'Direction']);
		expect(data[0]).toMatchObject({ name: 'Bin 5', binType: 'litter', version: '1', Location: 'Market Place', Ashtray: 'Yes', type: 'Derby Auto Slimline', 'sourceAttributes.version': 'v2', Direction: '' });
		expect(data[1]).toMatchObject({ Location: '', Direction: 'N' });

		const geojson = JSON.parse(exportFeatures(bins, kept, 'geojson'));
		expect(geojson.features[0].properties).toEqual({ name: 'Bin 5', binType: 'litter', version: 1, updatedAt: '2026-01-01T00:00:00Z', Location: 'Market Place', Ashtray: 'Yes', type: 'Derby Auto Slimline', 'sourceAttributes.version': 'v2' });

		const back = parseKml(exportFeatures(bins, kept, 'kml'), DEFAULT_IMPORT_LIMITS);
		expect(back.ok).toBe(true);
		if (!back.ok) return;
		expect(back.file.rows[0].attributes).toMatchObject({ Location: 'Market Place', Ashtray: 'Yes', type: 'Derby Auto Slimline', 'sourceAttributes.version': 'v2' });
		expect(back.file.rows[1].attributes).toMatchObject({ Direction: 'N' });
		expect(back.file.rows[1].attributes.Location).toBeUndefined();
	});
});
