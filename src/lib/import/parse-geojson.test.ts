import { describe, expect, it } from 'vitest';
import { parseGeoJson } from './parse-geojson';
import { detectFormat } from './detect-format';
import { DEFAULT_IMPORT_LIMITS } from './types';

const parse = (text: string) => parseGeoJson(text, DEFAULT_IMPORT_LIMITS);

describe('parseGeoJson', () => {
	it('reads a FeatureCollection, a Feature and a bare geometry', () => {
		const fc = parse(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: { a: 1, nested: { b: 2 } } }] }));
		expect(fc.ok && fc.file.rows[0].attributes).toEqual({ a: 1, nested: '{"b":2}' });
		expect(parse('{"type":"Feature","geometry":null,"properties":null}').ok).toBe(true);
		expect(parse('{"type":"Point","coordinates":[1,2]}').ok && true).toBe(true);
	});

	it('refuses malformed JSON and NaN with the parser’s reason', () => {
		const bad = parse('{"type":"Point","coordinates":[1,NaN]}');
		expect(!bad.ok && bad.problem.code).toBe('import.json.malformed');
		expect(!bad.ok && bad.problem.message).toMatch(/NaN and Infinity/);
	});

	it('refuses JSON that is not GeoJSON', () => {
		expect(!parse('[1,2]').ok).toBe(true);
		const out = parse('{"type":"Topology"}');
		expect(!out.ok && out.problem.code).toBe('import.geojson.not-geojson');
	});

	it('marks members that are not features per row', () => {
		const out = parse('{"type":"FeatureCollection","features":[1,{"type":"Feature","geometry":null}]}');
		expect(out.ok && out.file.issues.map((i) => [i.row, i.code])).toEqual([[1, 'feature.not-feature']]);
	});

	it('detects formats from names and first bytes', () => {
		const b = (s: string) => new TextEncoder().encode(s);
		expect(detectFormat('x.json', b('{"version":0.6,"elements":[]}'))).toBe('osm-json');
		expect(detectFormat('x.json', b('{"type":"FeatureCollection","features":[]}'))).toBe('geojson');
		expect(detectFormat('upload', b('<?xml version="1.0"?><kml>'))).toBe('kml');
		expect(detectFormat('upload', b('<osm version="0.6">'))).toBe('osm-xml');
		expect(detectFormat('a.osm.pbf', b(''))).toBe('osm-pbf');
		expect(detectFormat('upload', new Uint8Array([0x50, 0x4b, 3, 4]))).toBe('shapefile');
		expect(detectFormat('upload', b('lon,lat\n'))).toBe('csv');
	});
});
