/**
 * The read API as OGC API – Features Part 1 clients (QGIS, GDAL/OGR) use it, against the real
 * server and a database of known features.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, COLLECTIONS, expectApiError, line, point, type ApiClient, type ApiFeature } from './api-client';

let server: RunningServer;
let client: ApiClient;
/** 5 × 5 bins, 0.01° apart, from (116.30, 40.00); every third one planned, every fifth named "Market …". */
const bins: ApiFeature[] = [];
let drain: ApiFeature;

beforeAll(async () => {
	server = await startServer();
	// The reads are public; the token is for the writes that set up the data.
	client = apiClient(server.url, await server.login());
	for (let i = 0; i < 25; i++) {
		const col = i % 5, row = Math.floor(i / 5);
		const properties: Record<string, unknown> = { status: i % 3 === 0 ? 'planned' : 'installed' };
		if (i % 5 === 0) properties.name = `Market street ${row}`;
		bins.push(await client.create('bins', point(116.3 + col * 0.01, 40 + row * 0.01), properties));
	}
	drain = await client.create('drains', line([116.3, 40], [116.31, 40.005]));
});

afterAll(() => server?.stop());

describe('landing page and conformance', () => {
	it('GET /api links to itself, conformance and the collections', async () => {
		const res = await client.get('/api');
		expect(res.status).toBe(200);
		const rels = Object.fromEntries(res.body.links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
		expect(rels.self).toBe(`${server.url}/api`);
		expect(rels.conformance).toBe(`${server.url}/api/conformance`);
		expect(rels.data).toBe(`${server.url}/api/collections`);
	});

	it('GET /api/conformance declares the core and GeoJSON classes', async () => {
		const res = await client.get('/api/conformance');
		expect(res.status).toBe(200);
		expect(res.body.conformsTo).toEqual(
			expect.arrayContaining([
				'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
				'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson'
			])
		);
	});
});

describe('collections', () => {
	it('lists the layers with their feature counts', async () => {
		const res = await client.get('/api/collections');
		expect(res.status).toBe(200);
		const byId = Object.fromEntries(res.body.collections.map((c: { id: string; count: number }) => [c.id, c]));
		expect(Object.keys(byId).sort()).toEqual([...COLLECTIONS].sort());
		expect(Object.fromEntries(COLLECTIONS.map((id) => [id, byId[id].count]))).toEqual({
			bins: 25,
			'collection-points': 0,
			drains: 1,
			'display-boards': 0,
			'bait-stations': 0,
			shops: 0,
			hotspots: 0,
			'road-segments': 0,
			'vector-surveys': 0,
			'vector-activities': 0,
			zones: 0
		});
		const items = byId.bins.links.find((l: { rel: string }) => l.rel === 'items');
		expect(items.href).toBe(`${server.url}/api/collections/bins/items`);
	});

	it('describes one collection with its extent', async () => {
		const res = await client.get('/api/collections/bins');
		expect(res.status).toBe(200);
		expect(res.body.id).toBe('bins');
		expect(res.body.count).toBe(25);
		const [minX, minY, maxX, maxY] = res.body.extent.spatial.bbox[0];
		expect([minX, minY]).toEqual([116.3, 40]);
		expect(maxX).toBeCloseTo(116.34, 10);
		expect(maxY).toBeCloseTo(40.04, 10);
	});
});

describe('items', () => {
	it('returns a GeoJSON FeatureCollection with numberMatched and numberReturned', async () => {
		const res = await client.get('/api/collections/bins/items');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		expect(res.body.type).toBe('FeatureCollection');
		expect(res.body.numberMatched).toBe(25);
		expect(res.body.numberReturned).toBe(25);
		expect(res.body.features.map((f: ApiFeature) => f.id)).toEqual(bins.map((b) => b.id));
		expect(res.body.features.every((f: ApiFeature) => f.type === 'Feature' && f.collection === 'bins')).toBe(true);
	});

	it('keeps layers apart: the drain is only in drains', async () => {
		const res = await client.get('/api/collections/drains/items');
		expect(res.body.features.map((f: ApiFeature) => f.id)).toEqual([drain.id]);
	});

	it('filters by bbox, edges included', async () => {
		// Columns 1–2 and rows 0–1: four bins, two of them on the box's edges.
		const res = await client.get('/api/collections/bins/items?bbox=116.31,40,116.32,40.01');
		expect(res.status).toBe(200);
		const expected = bins.filter((_, i) => [1, 2].includes(i % 5) && Math.floor(i / 5) <= 1).map((b) => b.id);
		expect(res.body.features.map((f: ApiFeature) => f.id)).toEqual(expected);
		expect(res.body.numberMatched).toBe(4);
	});

	it('finds a line by a bbox that only touches its middle', async () => {
		const res = await client.get('/api/collections/drains/items?bbox=116.304,40.002,116.305,40.003');
		expect(res.body.features.map((f: ApiFeature) => f.id)).toEqual([drain.id]);
	});

	it('returns nothing for a bbox away from every feature', async () => {
		const res = await client.get('/api/collections/bins/items?bbox=10,10,11,11');
		expect(res.body).toMatchObject({ numberMatched: 0, numberReturned: 0, features: [] });
	});

	it('pages with limit and offset, with next and prev links that walk the whole layer', async () => {
		const first = await client.get('/api/collections/bins/items?limit=10');
		expect(first.body).toMatchObject({ numberMatched: 25, numberReturned: 10 });
		expect(first.body.links.find((l: { rel: string }) => l.rel === 'prev')).toBeUndefined();

		const seen: number[] = [];
		let next: string | undefined = `${server.url}/api/collections/bins/items?limit=10`;
		let pages = 0;
		while (next) {
			const page: { body: any } = await client.get(next.slice(server.url.length));
			expect(page.body.numberMatched).toBe(25);
			seen.push(...page.body.features.map((f: ApiFeature) => f.id));
			next = page.body.links.find((l: { rel: string }) => l.rel === 'next')?.href;
			pages++;
		}
		expect(pages).toBe(3);
		expect(seen).toEqual(bins.map((b) => b.id));

		const middle = await client.get('/api/collections/bins/items?limit=10&offset=10');
		expect(middle.body.features.map((f: ApiFeature) => f.id)).toEqual(bins.slice(10, 20).map((b) => b.id));
		const prev = middle.body.links.find((l: { rel: string }) => l.rel === 'prev');
		expect(new URL(prev.href).searchParams.get('offset')).toBe('0');
	});

	it('counts numberMatched past the page when the page is full', async () => {
		const res = await client.get('/api/collections/bins/items?limit=3&offset=20');
		expect(res.body).toMatchObject({ numberMatched: 25, numberReturned: 3 });
		const last = await client.get('/api/collections/bins/items?limit=3&offset=24');
		expect(last.body).toMatchObject({ numberMatched: 25, numberReturned: 1 });
		expect(last.body.links.find((l: { rel: string }) => l.rel === 'next')).toBeUndefined();
	});

	it('filters on a property by equality', async () => {
		const res = await client.get('/api/collections/bins/items?status=planned');
		const expected = bins.filter((_, i) => i % 3 === 0).map((b) => b.id);
		expect(res.body.features.map((f: ApiFeature) => f.id)).toEqual(expected);
		expect(res.body.numberMatched).toBe(expected.length);
		expect(res.body.features.every((f: ApiFeature) => f.properties.status === 'planned')).toBe(true);
	});

	it('combines a property filter with a bbox', async () => {
		const res = await client.get('/api/collections/bins/items?status=planned&bbox=116.3,40,116.34,40.005');
		// Row 0 is i = 0…4; planned are i = 0 and 3.
		expect(res.body.features.map((f: ApiFeature) => f.id)).toEqual([bins[0].id, bins[3].id]);
	});

	it('searches names with q, ignoring case', async () => {
		const res = await client.get('/api/collections/bins/items?q=MARKET');
		expect(res.body.features.map((f: ApiFeature) => f.properties.name)).toEqual([0, 1, 2, 3, 4].map((r) => `Market street ${r}`));
		const one = await client.get(`/api/collections/bins/items?q=${encodeURIComponent('street 3')}`);
		expect(one.body.features.map((f: ApiFeature) => f.id)).toEqual([bins[15].id]);
	});
});

describe('one item', () => {
	it('returns the feature as GeoJSON with its version as ETag', async () => {
		const bin = bins[7];
		const res = await client.get(`/api/collections/bins/items/${bin.id}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		expect(res.headers.get('etag')).toBe('"1"');
		expect(res.body).toMatchObject({ type: 'Feature', id: bin.id, version: 1, geometry: bin.geometry, properties: bin.properties });
	});

	it('links to itself and to its layer (OGC API – Features /req/core/f-links)', async () => {
		const bin = bins[7];
		const res = await client.get(`/api/collections/bins/items/${bin.id}`);
		expect(res.status).toBe(200);
		const links: { rel: string; href: string; type: string }[] = res.body.links;
		const self = links.find((l) => l.rel === 'self');
		const collection = links.find((l) => l.rel === 'collection');
		expect(self).toMatchObject({ href: `${server.url}/api/collections/bins/items/${bin.id}`, type: 'application/geo+json' });
		expect(collection).toMatchObject({ href: `${server.url}/api/collections/bins`, type: 'application/json' });
		// Both lead where they say.
		expect((await client.get(new URL(self!.href).pathname)).body).toMatchObject({ id: bin.id, type: 'Feature' });
		expect((await client.get(new URL(collection!.href).pathname)).body).toMatchObject({ id: 'bins' });
	});

	it('answers 404 for an id in another layer', async () => {
		expectApiError(await client.get(`/api/collections/bins/items/${drain.id}`), 404, 'feature.not-found');
	});

	it('answers 404 for an id that does not exist or is not a number', async () => {
		expectApiError(await client.get('/api/collections/bins/items/999999'), 404, 'feature.not-found');
		expectApiError(await client.get('/api/collections/bins/items/abc'), 404, 'feature.not-found');
	});

	it('answers unknown API paths in the API error format', async () => {
		expectApiError(await client.get('/api/nothing-here'), 404, 'not-found');
	});
});
