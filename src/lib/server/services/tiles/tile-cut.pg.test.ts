/**
 * Line and polygon tiles are cut in the app on SQLite (geojson-vt) and in the database on
 * PostgreSQL (ST_AsMVT): the same features must give the same tiles, feature for feature: the same
 * ids, the same attributes with their types, and the same geometry within the tile grid's rounding
 * (one unit of 4096). One tile is also checked against positions worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Geometry } from 'geojson';
import { bothStores, type OpenedStores } from '../../../../../tests/helpers/stores';
import { pgStoreReads, sqliteStoreReads, type StoreReads } from '../../store/store-reads';
import { kindByCollection } from '../../../domain/kinds';
import { TileService } from './tiles';

const clock = () => new Date('2026-03-02T01:00:00.000Z');
const STORES = bothStores({ sqlite: (db) => sqliteStoreReads(db, clock), postgres: (db) => pgStoreReads(db, clock) });
const roads = kindByCollection('road-segments')!;
const zones = kindByCollection('zones')!;
const web = { author: 'planner', source: 'web' as const };

const line = (...c: [number, number][]): Geometry => ({ type: 'LineString', coordinates: c });
/** Roads across tile edges, one exactly on a tile edge at every zoom from 12 on (116.3671875 E: x = 13488 at z14, 53952 at z16). */
const ROADS: { geometry: Geometry; properties: Record<string, unknown> }[] = [
	{ geometry: line([116.36, 40.0], [116.37, 40.0], [116.371, 40.004]), properties: { name: 'Willow alley', roadClass: 'alley', surface: 'earth', hardened: false, widthM: 3, notes: { kept: 'out of tiles' } } },
	{ geometry: line([116.3671875, 39.99], [116.3671875, 40.01]), properties: { name: '边界路', roadClass: 'main', surface: 'asphalt', hardened: true } },
	{ geometry: { type: 'MultiLineString', coordinates: [[[116.362, 40.002], [116.365, 40.003]], [[116.366, 40.002], [116.369, 40.001]]] }, properties: { roadClass: 'branch', hardened: true, surface: 'concrete' } },
	{ geometry: line([116.40, 40.05], [116.41, 40.05]), properties: { name: 'far away', roadClass: 'main', hardened: true } }
];
const ZONE = {
	type: 'Polygon',
	coordinates: [[[116.361, 39.998], [116.369, 39.998], [116.369, 40.006], [116.361, 40.006], [116.361, 39.998]], [[116.363, 40.0], [116.364, 40.0], [116.364, 40.001], [116.363, 40.0]]]
} as Geometry;

const opened: OpenedStores<StoreReads>[] = [];
let sqliteTiles: TileService;
let postgresTiles: TileService;

beforeAll(async () => {
	for (const store of STORES) {
		const o = await store.open();
		opened.push(o);
		await o.here.changesets.apply(web, [
			...ROADS.map((r) => ({ op: 'create' as const, kind: roads.kind, ...r })),
			{ op: 'create', kind: zones.kind, geometry: ZONE, properties: { name: 'East lanes' } }
		]);
	}
	sqliteTiles = new TileService(opened[0].here.tiles);
	postgresTiles = new TileService(opened[1].here.tiles);
	expect(opened[1].here.tiles.encodedTile, 'the PostgreSQL store cuts its own tiles').toBeTypeOf('function');
	expect(opened[0].here.tiles.encodedTile).toBeUndefined();
});
afterAll(async () => {
	for (const o of opened) await o.close();
});

interface Cut {
	id: number;
	/** 2 a line, 3 a polygon. */
	type: number;
	properties: Record<string, unknown>;
	parts: { x: number; y: number }[][];
}

function decode(body: Uint8Array, layer: string): Cut[] {
	const l = new VectorTile(new PbfReader(body)).layers[layer];
	if (!l) return [];
	const out: Cut[] = [];
	for (let i = 0; i < l.length; i++) {
		const f: VectorTileFeature = l.feature(i);
		out.push({ id: Number(f.id), type: f.type, properties: f.properties, parts: f.loadGeometry().map((part) => part.map((p) => ({ x: p.x, y: p.y }))) });
	}
	return out.sort((a, b) => a.id - b.id);
}

type Point2 = { x: number; y: number };

/** Twice the signed area of a ring (closed or not). */
const ringArea2 = (ring: Point2[]) => ring.reduce((a, p, i) => a + p.x * ring[(i + 1) % ring.length].y - ring[(i + 1) % ring.length].x * p.y, 0);

const near = (p: Point2, q: Point2) => Math.abs(p.x - q.x) <= 1 && Math.abs(p.y - q.y) <= 1;

/**
 * Lines: the same parts, vertex for vertex, within one unit. Polygons: the same area and the same
 * corners within one unit. A hole that the tile's edge cuts into its outer ring is kept as a hole
 * by geojson-vt and made part of the outer ring by ST_AsMVTGeom (which makes each polygon valid):
 * the same shape drawn, rings of another structure.
 */
function expectSameCut(app: Cut[], database: Cut[], what: string) {
	expect(database.map((f) => f.id), `${what}: ${JSON.stringify(app)}`).toEqual(app.map((f) => f.id));
	app.forEach((a, i) => {
		const d = database[i];
		const where = `${what}, feature ${a.id}: ${JSON.stringify(d.parts)} against ${JSON.stringify(a.parts)}`;
		expect(d.properties, where).toEqual(a.properties);
		expect(d.type, where).toBe(a.type);
		if (a.type === 3) {
			const area = (c: Cut) => Math.abs(c.parts.reduce((sum, ring) => sum + ringArea2(ring), 0)) / 2;
			expect(Math.abs(area(d) - area(a)), where).toBeLessThanOrEqual(Math.max(0.002 * area(a), 50));
			const corners = (c: Cut) => c.parts.flatMap((ring) => ring.slice(0, -1));
			for (const p of corners(d)) expect(corners(a).some((q) => near(p, q)), `${where}: corner ${JSON.stringify(p)}`).toBe(true);
			for (const p of corners(a)) expect(corners(d).some((q) => near(p, q)), `${where}: corner ${JSON.stringify(p)}`).toBe(true);
			return;
		}
		expect(d.parts.length, where).toBe(a.parts.length);
		a.parts.forEach((part, k) => {
			expect(d.parts[k].length, where).toBe(part.length);
			part.forEach((p, j) => expect(near(d.parts[k][j], p), `${where}: part ${k}, vertex ${j}`).toBe(true));
		});
	});
}

/** The tile of a position at zoom z. */
function tileAt(lon: number, lat: number, z: number): [number, number] {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

describe('a line or polygon tile cut by ST_AsMVT', () => {
	it('holds what the app cuts from the same features, at every zoom from 12 to 20', async () => {
		let compared = 0;
		for (let z = 12; z <= 20; z++) {
			const [cx, cy] = tileAt(116.365, 40.002, z);
			for (const [x, y] of [[cx, cy], [cx - 1, cy], [cx + 1, cy], [cx, cy - 1], [cx, cy + 1]]) {
				for (const def of [roads, zones]) {
					const [app, database] = await Promise.all([sqliteTiles.tile(def, z, x, y), postgresTiles.tile(def, z, x, y)]);
					const a = decode(app.body, def.collection);
					expectSameCut(a, decode(database.body, def.collection), `${def.collection} ${z}/${x}/${y}`);
					expect(database.features).toBe(app.features);
					compared += a.length;
				}
			}
		}
		expect(compared, 'features compared over all tiles').toBeGreaterThan(80);
	});

	it('keeps only the tile attributes that are a string, a number or a boolean, each with its type', async () => {
		const [x, y] = tileAt(116.365, 40.0, 14);
		const cut = decode((await postgresTiles.tile(roads, 14, x, y)).body, 'road-segments');
		const willow = cut.find((f) => f.properties.name === 'Willow alley')!;
		// widthM and notes are not tile attributes (TILE_ATTRIBUTES); notes is not a scalar either.
		expect(willow.properties).toEqual({ name: 'Willow alley', roadClass: 'alley', surface: 'earth', hardened: false });
		expect(cut.find((f) => f.properties.name === '边界路')?.properties.hardened).toBe(true);
	});

	it('puts a road where it is by hand: z14 tile 13487/6202, clipped at the buffer', async () => {
		// By hand: at z14, 116.36 E is world x (116.36 + 180) / 360 * 2^14 = 13487.6729, so 0.6729 * 4096 = 2756.2
		// units into tile 13487; 40.0 N is world y 6202.6409, 0.6409 * 4096 = 2625.2 units down tile 6202.
		// 116.37 E is at 4620.3 units, past the tile's east edge and its 64-unit buffer: the line is cut at 4160.
		const cut = decode((await postgresTiles.tile(roads, 14, 13487, 6202)).body, 'road-segments');
		const willow = cut.find((f) => f.properties.name === 'Willow alley')!;
		expect(willow.parts).toEqual([[{ x: 2756, y: 2625 }, { x: 4160, y: 2625 }]]);
		// The road far away is not in it.
		expect(cut.some((f) => f.properties.name === 'far away')).toBe(false);
	});
});
