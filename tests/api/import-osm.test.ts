/**
 * The OpenStreetMap bootstrap on two real extracts (tests/fixtures/osm/raw/, © OpenStreetMap
 * contributors, ODbL): every element whose tags name one of our layers is either imported into
 * that layer or listed as a problem, counted against an independent scan of the raw data (a regex
 * over the XML; the pbf's decoded elements), and a second import updates instead of duplicating.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import tinyosmpbf from 'tiny-osmpbf';
import { appRoot, startServer, type RunningServer } from '../helpers/server';
import { apiClient, COLLECTIONS, type ApiClient } from './api-client';
import { commit, count, upload } from './import-helpers';

const RAW = join(appRoot, 'tests/fixtures/osm/raw');
const beijing = readFileSync(join(RAW, 'beijing_haidian_cau.osm'));
const helsinki = readFileSync(join(RAW, 'helsinki.osm.pbf'));

type Tags = Record<string, string>;

/** The issue's tag rules, written out again here rather than imported, as the independent count. */
const COUNTED_HIGHWAYS = ['trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link', 'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'service', 'track', 'pedestrian'];
function layerOf(t: Tags): string | null {
	if (t.amenity === 'waste_basket' || t.amenity === 'waste_disposal') return 'bins';
	if (t.amenity === 'recycling') return t.recycling_type === 'centre' ? 'collection-points' : 'bins';
	if (t.amenity === 'waste_transfer_station') return 'collection-points';
	if ((t.tourism === 'information' && t.information === 'board') || ['board', 'billboard', 'column', 'poster_box'].includes(t.advertising)) return 'display-boards';
	if (t.shop) return 'shops';
	if (['drain', 'ditch', 'canal'].includes(t.waterway) || t.tunnel === 'culvert') return 'drains';
	if (COUNTED_HIGHWAYS.includes(t.highway)) return 'road-segments';
	if (t.landuse === 'residential' || ['neighbourhood', 'quarter', 'city_block'].includes(t.place) || (t.boundary === 'administrative' && Number(t.admin_level) >= 8)) return 'zones';
	return null;
}

function tally(elements: Tags[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const tags of elements) {
		const layer = layerOf(tags);
		if (layer) out[layer] = (out[layer] ?? 0) + 1;
	}
	return out;
}

/** Tags of every node, way and relation in OSM XML, by regex, without an XML parser. */
function xmlElementTags(xml: string): Tags[] {
	const out: Tags[] = [];
	const element = /<(node|way|relation)\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1>)/g;
	for (const m of xml.matchAll(element)) {
		const tags: Tags = {};
		for (const t of (m[2] ?? '').matchAll(/<tag k="([^"]*)" v="([^"]*)"\s*\/>/g)) tags[t[1]] = t[2];
		out.push(tags);
	}
	return out;
}

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer();
	client = apiClient(server.url, await server.login());
});
afterAll(() => server?.stop());

async function importExtract(bytes: Uint8Array, filename: string) {
	const preview = await upload(client, bytes, filename);
	expect(preview.status, preview.text).toBe(201);
	const res = await commit(client, preview.body.token, { skipInvalid: true });
	expect([200, 201], res.text).toContain(res.status);
	return { preview: preview.body, result: res.body };
}

describe.each([
	{ name: 'Beijing .osm (XML)', filename: 'beijing_haidian_cau.osm', bytes: () => new Uint8Array(beijing), expected: () => tally(xmlElementTags(beijing.toString('utf8'))) },
	{ name: 'Helsinki .osm.pbf', filename: 'helsinki.osm.pbf', bytes: () => new Uint8Array(helsinki), expected: () => tally(tinyosmpbf(new Uint8Array(helsinki)).elements.map((e) => e.tags ?? {})) }
])('$name', ({ filename, bytes, expected }) => {
	let before: Record<string, number>;
	let counts: Record<string, number>;
	let result: { layers: Record<string, { created: number; updated: number; unchanged: number; rejected: number }>; changesetId: number };

	beforeAll(async () => {
		before = Object.fromEntries(await Promise.all(COLLECTIONS.map(async (c) => [c, await count(client, c)] as const)));
		counts = expected();
		result = (await importExtract(bytes(), filename)).result;
	});

	it('accounts for every tagged element: imported into its layer or listed as a problem', () => {
		const seen = Object.fromEntries(Object.entries(result.layers).map(([c, l]) => [c, l.created + l.updated + l.unchanged + l.rejected]).filter(([, n]) => n));
		expect(seen).toEqual(counts);
	});

	it('stores what it imported, per layer', async () => {
		for (const c of COLLECTIONS) expect(await count(client, c), c).toBe(before[c] + (result.layers[c]?.created ?? 0));
	});

	it('keeps osmId and the road fields derived from the tags', async () => {
		const roads = (await client.get('/api/collections/road-segments/items?limit=10000')).body.features;
		expect(roads.length).toBeGreaterThan(100);
		for (const r of roads) {
			expect(r.properties.osmId).toMatch(/^(way|relation)\/\d+$/);
			expect(COUNTED_HIGHWAYS).toContain(r.properties.highway);
			expect(r.properties.roadClass).toBeTruthy();
		}
		const cs = await client.get(`/api/changesets/${result.changesetId}`);
		expect(cs.body.meta).toMatchObject({ crs: 'wgs84', file: filename, kind: 'osm' });
	});

	it('a second import of the same extract changes nothing and duplicates nothing', async () => {
		const again = await importExtract(bytes(), filename);
		const after = Object.fromEntries(await Promise.all(COLLECTIONS.map(async (c) => [c, await count(client, c)] as const)));
		expect(again.result.changesetId).toBeNull();
		for (const [c, l] of Object.entries(again.result.layers as typeof result.layers)) {
			expect(l.created, c).toBe(0);
			expect(l.unchanged, c).toBe(result.layers[c].created);
		}
		for (const c of COLLECTIONS) expect(after[c], c).toBe(before[c] + (result.layers[c]?.created ?? 0));
	});
});

describe('Overpass JSON', () => {
	it('imports an Overpass answer, and an edited tag updates the feature it made', async () => {
		const overpass = (surface: string) =>
			JSON.stringify({
				version: 0.6,
				elements: [
					{ type: 'node', id: 9001, lat: 40.001, lon: 116.351, tags: { amenity: 'waste_basket', name: '路口果皮箱' } },
					{ type: 'node', id: 9002, lat: 40.0, lon: 116.35 },
					{ type: 'node', id: 9003, lat: 40.0, lon: 116.352 },
					{ type: 'way', id: 9100, nodes: [9002, 9003], tags: { highway: 'service', surface } }
				]
			});
		const first = await importExtract(new TextEncoder().encode(overpass('dirt')), 'overpass.json');
		expect(first.result.layers.bins.created).toBe(1);
		expect(first.result.layers['road-segments'].created).toBe(1);
		const second = await importExtract(new TextEncoder().encode(overpass('concrete')), 'overpass.json');
		expect(second.result.layers['road-segments']).toMatchObject({ created: 0, updated: 1 });
		expect(second.result.layers.bins).toMatchObject({ created: 0, unchanged: 1 });
		const road = (await client.get('/api/collections/road-segments/items?osmId=way/9100')).body.features[0];
		expect(road.properties).toMatchObject({ surface: 'concrete', hardened: true });
		expect(road.version).toBe(2);
	});
});

describe('areas that are also relation members', () => {
	it('imports a municipality relation and its exclaves (closed ways tagged as boundaries of their own) as zones', async () => {
		const bytes = new Uint8Array(readFileSync(join(appRoot, 'src/lib/import/fixtures/municipality-exclaves.osm')));
		const { preview, result } = await importExtract(bytes, 'municipality-exclaves.osm');
		expect(preview.issues ?? [], JSON.stringify(preview.issues)).toEqual([]);
		expect(result.layers.zones).toMatchObject({ created: 4, rejected: 0 });
		const zones = (await client.get('/api/collections/zones/items?limit=10000')).body.features as { geometry: { type: string }; properties: { osmId?: string; name?: string } }[];
		const imported = Object.fromEntries(zones.filter((z) => ['relation/100', 'relation/200', 'way/2', 'way/4'].includes(z.properties.osmId ?? '')).map((z) => [z.properties.osmId, z]));
		expect(Object.keys(imported).sort()).toEqual(['relation/100', 'relation/200', 'way/2', 'way/4']);
		expect(imported['relation/100'].geometry.type).toBe('MultiPolygon');
		expect(imported['relation/200'].properties.name).toBe('Schaan');
		expect(imported['way/2'].geometry.type).toBe('Polygon');
	});
});
