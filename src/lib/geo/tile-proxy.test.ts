import { describe, expect, it } from 'vitest';
import GeoJSONVT from 'geojson-vt';
import seedrandom from 'seedrandom';
import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson';
import { geometryOnTileProxy, TILE_PROXY, tileBbox } from './tile-math';

const EXTENT = 4096;
const BUFFER = 64;

/** Lines and rings around tile z/x/y (up to `reach` tiles from it), many crossing its edges and buffer. */
function featuresAround(z: number, x: number, y: number, seed: string, reach = 0.5): FeatureCollection<LineString | Polygon> {
	const rng = seedrandom(seed);
	const [w, s, e, n] = tileBbox(z, x, y, reach);
	const at = () => [w + rng() * (e - w), s + rng() * (n - s)];
	const features: Feature<LineString | Polygon>[] = [];
	for (let i = 0; i < 200; i++) {
		const line = Array.from({ length: 2 + Math.floor(rng() * 20) }, at);
		features.push({ type: 'Feature', id: i + 1, properties: { k: i }, geometry: { type: 'LineString', coordinates: line } });
	}
	for (let i = 0; i < 50; i++) {
		const [cx, cy] = at();
		const r = (e - w) * 0.05 * (0.2 + rng());
		const ring = Array.from({ length: 12 }, (_, j) => [cx + r * Math.cos((j / 12) * 2 * Math.PI), cy + r * Math.sin((j / 12) * 2 * Math.PI)]);
		ring.push([...ring[0]]);
		features.push({ type: 'Feature', id: 1000 + i, properties: { k: i }, geometry: { type: 'Polygon', coordinates: [ring] } });
	}
	return { type: 'FeatureCollection', features };
}

type TileFeature = { id?: number; type: number; geometry: number[][] | number[][][] };

/**
 * The reference: geojson-vt cutting tile z/x/y itself. Its coordinates are stored at the precision
 * of a zoom 8 levels deeper, so that clipping long lines at the tile's edges is not thrown off by
 * their rounding (at z/x/y's own precision, shallow crossings move by up to 30 units).
 */
function directTile(fc: FeatureCollection, z: number, x: number, y: number): TileFeature[] {
	const index = new GeoJSONVT(structuredClone(fc), { maxZoom: Math.min(24, z + 8), indexMaxZoom: 0, extent: EXTENT, buffer: BUFFER, tolerance: 0 });
	return (index.getTile(z, x, y)?.features ?? []) as TileFeature[];
}

function proxyTile(fc: FeatureCollection<LineString | Polygon>, z: number, x: number, y: number): TileFeature[] {
	const moved: FeatureCollection = {
		type: 'FeatureCollection',
		features: fc.features.flatMap((f) => {
			const geometry = geometryOnTileProxy(f.geometry, z, x, y);
			return geometry ? [{ ...f, geometry }] : [];
		})
	};
	const index = new GeoJSONVT(moved, { maxZoom: 16, indexMaxZoom: 0, extent: EXTENT, buffer: BUFFER, tolerance: 0 });
	return (index.getTile(TILE_PROXY.z, TILE_PROXY.x, TILE_PROXY.y)?.features ?? []) as TileFeature[];
}

/** A ring's vertices starting from its smallest, so rings cut from different starting points compare equal. */
function canonicalRing(ring: number[][]): number[][] {
	const open = ring.slice(0, -1);
	let start = 0;
	for (let i = 1; i < open.length; i++) if (open[i][0] < open[start][0] || (open[i][0] === open[start][0] && open[i][1] < open[start][1])) start = i;
	const turned = [...open.slice(start), ...open.slice(0, start)];
	return [...turned, turned[0]];
}

function flat(f: TileFeature): number[] {
	const parts = f.geometry as number[][][];
	return (f.type === 3 ? parts.map(canonicalRing) : parts).flat(2);
}

describe('a tile cut on its proxy tile', () => {
	// Helsinki at z14 and z16, Beijing at z12, and a tile on the antimeridian's east side.
	// Beijing at z18 and z20 with features reaching 8 tiles away: past the proxy world's east
	// edge, where the tiler wrapped them round into the proxy tile before they were clipped.
	for (const [z, x, y, reach] of [
		[14, 9326, 4740, 0.5],
		[16, 37306, 18961, 0.5],
		[12, 3372, 1552, 0.5],
		[10, 1023, 400, 0.5],
		[18, 215806, 99240, 8],
		[20, 863226, 396962, 8]
	] as const) {
		it(`holds the same features and vertices as tile ${z}/${x}/${y} cut directly, with features up to ${reach} tiles away`, () => {
			const fc = featuresAround(z, x, y, `${z}/${x}/${y}`, reach);
			const direct = directTile(fc, z, x, y);
			const proxy = proxyTile(fc, z, x, y);
			expect(direct.length).toBeGreaterThan(50);
			expect(proxy.map((f) => f.id).sort()).toEqual(direct.map((f) => f.id).sort());
			const byId = new Map(proxy.map((f) => [f.id, f]));
			let worst = 0;
			for (const d of direct) {
				const p = byId.get(d.id)!;
				expect(p.type).toBe(d.type);
				const a = flat(d), b = flat(p);
				expect(b.length).toBe(a.length);
				for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
			}
			// Both snap to whole tile units; the two roundings may differ by one.
			expect(worst).toBeLessThanOrEqual(1);
		});
	}
});
