/**
 * Vector tiles over HTTP on the demo community: decoded with @mapbox/vector-tile and compared
 * with an independent bbox query through the items API, revalidated with ETags, clustered at low
 * zoom, and changed by an edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient } from './api-client';

let server: RunningServer;
let token: string;

beforeAll(async () => {
	server = await startServer({ seed: true, env: { SANIMAP_TILE_THRESHOLD: '50' } });
	token = await server.login();
});
afterAll(() => server?.stop());

/** Tile z/x/y containing lon/lat, and its bounds grown by `buffer` tile widths (own arithmetic, not the server's). */
function tileAt(lon: number, lat: number, z: number) {
	const n = 2 ** z;
	const x = Math.floor(((lon + 180) / 360) * n);
	const rad = (lat * Math.PI) / 180;
	const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
	const lonOf = (tx: number) => (tx / n) * 360 - 180;
	const latOf = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
	const bounds = (buffer: number) => [lonOf(x - buffer), latOf(y + 1 + buffer), lonOf(x + 1 + buffer), latOf(y - buffer)];
	return { z, x, y, bounds };
}

async function getTile(collection: string, z: number, x: number, y: number, headers: Record<string, string> = {}) {
	const res = await fetch(`${server.url}/api/tiles/${collection}/${z}/${x}/${y}.pbf`, { headers });
	const bytes = new Uint8Array(await res.arrayBuffer());
	const layer = res.status === 200 ? new VectorTile(new PbfReader(bytes)).layers[collection] : undefined;
	const features = layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i)) : [];
	return { res, features };
}

async function demoCentre(): Promise<[number, number]> {
	const bins = await apiClient(server.url).get('/api/collections/bins/items?limit=10000');
	const coords = bins.body.features.map((f: { geometry: { coordinates: [number, number] } }) => f.geometry.coordinates);
	coords.sort((a: number[], b: number[]) => a[0] - b[0]);
	return coords[Math.floor(coords.length / 2)];
}

describe('GET /api/tiles', () => {
	it('lists every layer with its count, tile URL and whether it is tiled above the threshold', async () => {
		const api = apiClient(server.url);
		const [tiles, collections] = await Promise.all([api.get('/api/tiles'), api.get('/api/collections')]);
		expect(tiles.status).toBe(200);
		expect(tiles.body.threshold).toBe(50);
		for (const c of collections.body.collections) {
			const layer = tiles.body.layers.find((l: { collection: string }) => l.collection === c.id);
			expect(layer.count, c.id).toBe(c.count);
			expect(layer.tiled, c.id).toBe(c.count > 50);
			expect(layer.tiles[0]).toBe(`${server.url}/api/tiles/${c.id}/{z}/{x}/{y}.pbf`);
		}
		expect(tiles.body.layers.some((l: { tiled: boolean }) => l.tiled)).toBe(true);
	});
});

describe('GET /api/tiles/{layer}/{z}/{x}/{y}.pbf', () => {
	it('holds exactly the points an independent bbox query finds in the tile and its buffer', async () => {
		const [lon, lat] = await demoCentre();
		const t = tileAt(lon, lat, 16);
		const { res, features } = await getTile('bins', t.z, t.x, t.y);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
		const bbox = t.bounds(64 / 4096).join(',');
		const items = await apiClient(server.url).get(`/api/collections/bins/items?bbox=${bbox}&limit=10000`);
		const expected = items.body.features.map((f: { id: number }) => f.id).sort((a: number, b: number) => a - b);
		expect(expected.length).toBeGreaterThan(0);
		expect(features.map((f) => f.id).sort((a, b) => a! - b!)).toEqual(expected);
		// The attributes the map styles by travel with each point.
		const status = new Map(items.body.features.map((f: { id: number; properties: { status: string } }) => [f.id, f.properties.status]));
		for (const f of features) expect(f.properties.status).toBe(status.get(f.id!));
	});

	it('holds road segments only where the bbox query finds them, clipped to the tile', async () => {
		const [lon, lat] = await demoCentre();
		const t = tileAt(lon, lat, 16);
		const { features } = await getTile('road-segments', t.z, t.x, t.y);
		const items = await apiClient(server.url).get(`/api/collections/road-segments/items?bbox=${t.bounds(64 / 4096).join(',')}&limit=10000`);
		const inBox = new Set(items.body.features.map((f: { id: number }) => f.id));
		expect(features.length).toBeGreaterThan(0);
		for (const f of features) {
			expect(inBox.has(f.id), `road ${f.id}`).toBe(true);
			expect(f.type).toBe(2);
			for (const ring of f.loadGeometry()) for (const p of ring) {
				expect(p.x).toBeGreaterThanOrEqual(-64);
				expect(p.x).toBeLessThanOrEqual(4096 + 64);
			}
		}
		// A segment lying wholly inside the unbuffered tile is never dropped.
		const inner = t.bounds(0);
		const inside = items.body.features.filter((f: { geometry: { coordinates: number[][] } }) =>
			f.geometry.coordinates.every(([x, y]) => x > inner[0] && x < inner[2] && y > inner[1] && y < inner[3])
		);
		const ids = new Set(features.map((f) => f.id));
		for (const f of inside) expect(ids.has(f.id), `road ${f.id}`).toBe(true);
	});

	it('revalidates with its ETag: the same tile again is 304 with no body', async () => {
		const [lon, lat] = await demoCentre();
		const t = tileAt(lon, lat, 15);
		const first = await getTile('shops', t.z, t.x, t.y);
		const etag = first.res.headers.get('etag')!;
		expect(etag).toMatch(/^"shops-\d+"$/);
		expect(first.res.headers.get('cache-control')).toBe('no-cache');
		const again = await getTile('shops', t.z, t.x, t.y, { 'if-none-match': etag });
		expect(again.res.status).toBe(304);
		expect(again.res.headers.get('etag')).toBe(etag);
	});

	it('clusters points at low zoom, every hotspot counted once', async () => {
		const [lon, lat] = await demoCentre();
		const total = (await apiClient(server.url).get('/api/collections/hotspots/items?limit=1')).body.numberMatched;
		const t = tileAt(lon, lat, 10);
		const { features } = await getTile('hotspots', t.z, t.x, t.y);
		const clusters = features.filter((f) => f.properties.point_count !== undefined);
		expect(clusters.length).toBeGreaterThan(0);
		expect(features.length).toBeLessThan(total);
		const counted = features.reduce((sum, f) => sum + Number(f.properties.point_count ?? 1), 0);
		expect(counted).toBe(total);
		// Clusters have no id, so they can never be mistaken for a feature.
		for (const c of clusters) expect(c.id).toBeUndefined();
	});

	it('shows an edit in the next request of the tile, under a new ETag', async () => {
		const api = apiClient(server.url, token);
		const [lon, lat] = await demoCentre();
		const t = tileAt(lon, lat, 16);
		const before = await getTile('bins', t.z, t.x, t.y);
		const target = before.features.find((f) => f.properties.status !== 'damaged')!;
		const current = await api.get(`/api/collections/bins/items/${target.id}`);
		const saved = await api.patch(`/api/collections/bins/items/${target.id}`, { properties: { status: 'damaged' } }, { 'if-match': current.headers.get('etag')! });
		expect(saved.status, saved.text).toBe(200);
		const after = await getTile('bins', t.z, t.x, t.y, { 'if-none-match': before.res.headers.get('etag')! });
		expect(after.res.status).toBe(200);
		expect(after.res.headers.get('etag')).not.toBe(before.res.headers.get('etag'));
		expect(after.features.find((f) => f.id === target.id)!.properties.status).toBe('damaged');
	});

	it('refuses tiles that do not exist and layers that do not exist', async () => {
		const api = apiClient(server.url);
		const bad = await api.get('/api/tiles/bins/3/8/0.pbf');
		expect(bad.status).toBe(400);
		expect(bad.body.code).toBe('tile.invalid');
		expect((await api.get('/api/tiles/bins/-1/0/0.pbf')).status).toBe(400);
		expect((await api.get('/api/tiles/bins/3/1/1.png')).status).toBe(400);
		const unknown = await api.get('/api/tiles/parks/3/1/1.pbf');
		expect(unknown.status).toBe(404);
		expect(unknown.body.code).toBe('collection.not-found');
	});
});
