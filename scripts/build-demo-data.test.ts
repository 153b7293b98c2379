import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import CheapRuler from 'cheap-ruler';
import { describe, expect, it } from 'vitest';
import { kindByCollection } from '../src/lib/domain/kinds/index';
import { roadClassFromHighway } from '../src/lib/domain/road-class';
import { hardeningFromSurface } from '../src/lib/domain/surface';
import { validateFeature } from '../src/lib/domain/validate-feature';
import { buildDemoData, COLLECTION_IDS, type CollectionId } from './demo-data/build';
import { DEFAULT_EXTRACT } from './demo-data/constants';
import { readOsmExtract } from './demo-data/osm';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTRACT = resolve(ROOT, DEFAULT_EXTRACT);

type Feature = { type: string; id: string; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> };

const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const load = (path: string): Feature[] => JSON.parse(read(path)).features;
const collection = (id: CollectionId) => load(`data/demo/${id}.geojson`);

/** Expected feature counts: what the demo promises to the analyses and the UI. */
const COUNT_RANGES: Record<CollectionId, [number, number]> = {
	bins: [60, 90],
	'collection-points': [6, 10],
	drains: [10, 20],
	'display-boards': [12, 20],
	shops: [63, 63],
	hotspots: [120, 200],
	'road-segments': [150, 260],
	zones: [10, 10]
};

const GEOMETRY: Record<CollectionId, string[]> = {
	bins: ['Point'],
	'collection-points': ['Point'],
	drains: ['LineString', 'MultiLineString'],
	'display-boards': ['Point'],
	shops: ['Point'],
	hotspots: ['Point'],
	'road-segments': ['LineString', 'MultiLineString'],
	zones: ['Polygon', 'MultiPolygon']
};

function positions(coords: unknown): number[][] {
	const out: number[][] = [];
	const stack = [coords];
	while (stack.length) {
		const node = stack.pop() as unknown[];
		if (typeof node[0] === 'number') out.push(node as number[]);
		else stack.push(...node);
	}
	return out;
}

const ruler = new CheapRuler(40.003, 'meters');

describe('committed demo data (data/demo)', () => {
	it.each(COLLECTION_IDS)('%s: every feature validates against its kind with zero issues', (id) => {
		const def = kindByCollection(id)!;
		expect(def).toBeDefined();
		const features = collection(id);
		const [min, max] = COUNT_RANGES[id];
		expect(features.length).toBeGreaterThanOrEqual(min);
		expect(features.length).toBeLessThanOrEqual(max);
		for (const f of features) {
			const result = validateFeature(def, f, 'create');
			expect(result.ok ? [] : result.issues, `${f.id}`).toEqual([]);
			expect(GEOMETRY[id]).toContain(f.geometry.type);
			for (const p of positions(f.geometry.coordinates)) {
				expect(p).toHaveLength(2);
				for (const n of p) expect(Math.abs(n * 1e7 - Math.round(n * 1e7))).toBeLessThan(1e-6);
			}
			expect(Object.values(f.properties)).not.toContain(null);
		}
	});

	it('marks every feature: generated ones as such, OSM ones with their id and generated attributes', () => {
		for (const id of COLLECTION_IDS) {
			for (const f of collection(id)) {
				const p = f.properties;
				expect(['osm', 'generated'], f.id).toContain(p.source);
				if (p.source === 'osm') {
					expect(p.osmId, f.id).toMatch(/^(node|way|relation)\/\d+$/);
					expect(Array.isArray(p.generatedFields), f.id).toBe(true);
					for (const key of p.generatedFields as string[]) expect(kindByCollection(id)!.fields.map((d) => d.key).concat('name')).toContain(key);
				} else {
					expect(p.osmId, f.id).toBeUndefined();
				}
			}
		}
		for (const id of ['bins', 'collection-points', 'drains', 'display-boards', 'hotspots'] as const) {
			expect(collection(id).every((f) => f.properties.source === 'generated'), id).toBe(true);
		}
	});

	it('has unique feature ids across all files and unique OSM ids per file', () => {
		const ids = COLLECTION_IDS.flatMap((id) => collection(id).map((f) => f.id));
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of COLLECTION_IDS) {
			const osmIds = collection(id).map((f) => f.properties.osmId).filter((v) => v !== undefined);
			expect(new Set(osmIds).size, id).toBe(osmIds.length);
		}
	});

	it('road segments: class from highway, hardened agrees with surface, 80–90 % hardened', () => {
		const roads = collection('road-segments');
		for (const r of roads) {
			const p = r.properties;
			expect(p.roadClass, r.id).toBe(roadClassFromHighway(p.highway));
			expect(p.hardened, r.id).toBe(hardeningFromSurface(p.surface) === 'hardened');
			if (p.source === 'osm' && (p.generatedFields as string[]).includes('surface')) expect(p.generatedFields).toContain('hardened');
		}
		const share = roads.filter((r) => r.properties.hardened).length / roads.length;
		expect(share).toBeGreaterThanOrEqual(0.8);
		expect(share).toBeLessThanOrEqual(0.9);
		expect(roads.some((r) => r.properties.surface === 'gravel' || r.properties.surface === 'earth')).toBe(true);
	});

	it('hotspots: dates agree with the lifecycle', () => {
		const day = 86_400_000;
		const statuses = new Set<string>();
		for (const h of collection('hotspots')) {
			const p = h.properties;
			statuses.add(String(p.status));
			const reported = Date.parse(String(p.reportedAt));
			expect(String(p.reportedAt) >= '2026-05-01' && String(p.reportedAt) < '2026-11-28', h.id).toBe(true);
			expect(p.zoneId).toBeUndefined();
			const assignedOrLater = ['assigned', 'resolved', 'verified'].includes(String(p.status));
			expect(p.dueAt !== undefined, h.id).toBe(assignedOrLater);
			expect(p.resolvedAt !== undefined, h.id).toBe(p.status === 'resolved' || p.status === 'verified');
			if (p.dueAt) {
				const due = Date.parse(String(p.dueAt));
				// Due 7 days after an assignment that came after the report.
				expect(due - 7 * day).toBeGreaterThan(reported);
			}
			if (p.resolvedAt) expect(Date.parse(String(p.resolvedAt)) - Date.parse(String(p.dueAt)) + 7 * day).toBeGreaterThan(0);
			if (p.resolvedAt) expect(String(p.resolvedAt) < '2026-11-28').toBe(true);
		}
		expect([...statuses].sort()).toEqual(['assigned', 'rejected', 'reported', 'resolved', 'verified']);
		expect(collection('hotspots').some((h) => h.properties.resolvedAt && String(h.properties.resolvedAt) > String(h.properties.dueAt))).toBe(true);
	});

	it('display boards: some content is stale (older than 60 days on 2026-11-01), most is not', () => {
		const boards = collection('display-boards');
		const stale = boards.filter((b) => String(b.properties.contentUpdatedAt) < '2026-09-02').length;
		expect(stale).toBeGreaterThan(0);
		expect(stale).toBeLessThan(boards.length / 2);
	});

	it('bins: a few planned and damaged, and at least three stretches of road over 400 m with no bin', () => {
		const bins = collection('bins');
		const planned = bins.filter((b) => b.properties.status === 'planned').length;
		expect(planned).toBeGreaterThanOrEqual(2);
		expect(planned).toBeLessThanOrEqual(3);
		expect(bins.some((b) => b.properties.status === 'damaged')).toBe(true);
		const points = bins.map((b) => b.geometry.coordinates as [number, number]);
		// Walk each road in 10 m steps and measure the longest run with no bin within 50 m.
		let longRuns = 0;
		for (const r of collection('road-segments')) {
			if (r.properties.roadClass !== 'main' && r.properties.roadClass !== 'secondary') continue;
			const lines = (r.geometry.type === 'LineString' ? [r.geometry.coordinates] : r.geometry.coordinates) as [number, number][][];
			for (const line of lines) {
				let run = 0;
				let best = 0;
				for (let s = 0; s <= ruler.lineDistance(line); s += 10) {
					const p = ruler.along(line, s);
					run = points.some((b) => ruler.distance(b, p) < 50) ? 0 : run + 10;
					best = Math.max(best, run);
				}
				if (best > 400) longRuns++;
			}
		}
		expect(longRuns).toBeGreaterThanOrEqual(3);
	});

	it('basemap layers keep only name and osmId', () => {
		for (const layer of ['buildings', 'water']) {
			const features = load(`data/demo/basemap/${layer}.geojson`);
			expect(features.length).toBeGreaterThan(0);
			for (const f of features) for (const key of Object.keys(f.properties)) expect(['name', 'osmId']).toContain(key);
		}
	});

	it('stays small and carries the OSM attribution', () => {
		const files = [...COLLECTION_IDS.map((id) => `data/demo/${id}.geojson`), 'data/demo/basemap/buildings.geojson', 'data/demo/basemap/water.geojson'];
		const total = files.reduce((s, p) => s + Buffer.byteLength(read(p)), 0);
		expect(total).toBeLessThan(1024 * 1024);
		const readme = read('data/README.md');
		expect(readme).toContain('© OpenStreetMap contributors');
		expect(readme).toContain('https://www.openstreetmap.org/copyright');
		expect(readme).toContain('ODbL');
	});
});

describe('builder on the OSM extract kept in the test fixtures', () => {
	const extract = readOsmExtract(EXTRACT);

	it('is deterministic and reproduces the committed files byte for byte', () => {
		const first = buildDemoData(extract!).files;
		const second = buildDemoData(extract!).files;
		expect(Object.keys(first).sort()).toEqual(Object.keys(second).sort());
		for (const path of Object.keys(first)) expect(second[path], path).toBe(first[path]);
		for (const path of Object.keys(first)) {
			expect(existsSync(resolve(ROOT, path)), path).toBe(true);
			// A mismatch means the builder changed without `npm run seed:build` being run and committed.
			expect(read(path) === first[path], `${path} differs from the builder's output`).toBe(true);
		}
	}, 60_000);
});
