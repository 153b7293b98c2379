import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { ContextLayers } from './context-layers';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dataDirWith(buildings: unknown): string {
	const dir = mkdtempSync(join(tmpdir(), 'sanimap-context-'));
	dirs.push(dir);
	mkdirSync(join(dir, 'demo', 'basemap'), { recursive: true });
	writeFileSync(join(dir, 'demo', 'basemap', 'buildings.geojson'), typeof buildings === 'string' ? buildings : JSON.stringify(buildings));
	return dir;
}
const house: Feature<Polygon> = {
	type: 'Feature',
	properties: { households: 3, survey: { floors: [1, 2] } },
	geometry: { type: 'Polygon', coordinates: [[[116, 40], [116.001, 40], [116.001, 40.001], [116, 40]]] }
};

describe('the context layers shared by every analysis', () => {
	it('keeps the features that have a geometry, read once', () => {
		const context = new ContextLayers(dataDirWith({ type: 'FeatureCollection', features: [house, { type: 'Feature', properties: {}, geometry: null }] }));
		const layer = context.get('buildings');
		expect(layer.features).toEqual([house]);
		expect(context.get('buildings')).toBe(layer);
		expect(context.source('buildings')).toMatch(/^\d+ bytes, modified [\d.]+$/);
	});

	it('refuses a member added to the layer, a feature, a geometry or properties at any depth, as a library might add one', () => {
		const layer = new ContextLayers(dataDirWith({ type: 'FeatureCollection', features: [house] })).get('buildings');
		const feature = layer.features[0] as Feature<Polygon> & Record<string, unknown>;
		// ES modules run in strict mode, where writing to a frozen object throws.
		expect(() => (layer.features as Feature[]).push(house)).toThrow(TypeError);
		expect(() => (feature.bbox = [116, 40, 116.001, 40.001])).toThrow(TypeError);
		expect(() => ((feature.geometry as Polygon & Record<string, unknown>).bbox = [0, 0, 1, 1])).toThrow(TypeError);
		expect(() => (feature.geometry.coordinates = [])).toThrow(TypeError);
		expect(() => (feature.properties!.households = 9)).toThrow(TypeError);
		expect(() => ((feature.properties!.survey as { floors: number[] }).floors[0] = 5)).toThrow(TypeError);
		expect(layer.features[0]).toEqual(house);
	});

	it('is empty without a file, and names a file that is not a FeatureCollection', () => {
		const empty = mkdtempSync(join(tmpdir(), 'sanimap-context-'));
		dirs.push(empty);
		expect(new ContextLayers(empty).get('buildings').features).toEqual([]);
		expect(new ContextLayers(empty).source('buildings')).toBe('none');
		const wrong = dataDirWith({ type: 'Feature', properties: {}, geometry: null });
		expect(() => new ContextLayers(wrong).get('buildings')).toThrow(/buildings\.geojson is not a GeoJSON FeatureCollection/);
	});
});
