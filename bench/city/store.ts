/**
 * Writes the synthetic city as GeoJSON files and as a seeded sanimap database, once per seed and
 * scale: `bench/out/city/<seed>-<scale>/` holds `<collection>.geojson`, `city.db` and
 * `manifest.json`; a later call with the same seed and scale reuses them.
 *
 * Seeding is a direct load, not the HTTP API: every feature is validated against its kind
 * (validateFeature, as the API does) and inserted with prepared statements into `features` and
 * `feature_versions`, one changeset per layer, 20,000 rows per transaction, with
 * `synchronous=OFF` for the load only (a crash mid-load just means building it again). The
 * R*Tree is kept by the schema's own triggers, so the result is exactly what the server makes.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { openDatabase } from '../../src/lib/server/db';
import { kindDef } from '../../src/lib/domain/kinds';
import { validateFeature } from '../../src/lib/domain/validate-feature';
import { geometryBbox } from '../../src/lib/geo/validate-geometry';
import { generateCity, type CityLayer } from './layers';

export interface StoredCity {
	dir: string;
	dbPath: string;
	seed: string;
	scale: number;
	sideM: number;
	origin: [number, number];
	/** Features per collection, buildings included. */
	counts: Record<string, number>;
	/** Seconds spent generating, writing files and loading the database when it was built. */
	buildSeconds: { generate: number; files: number; database: number };
	/** The city's bbox in lon/lat. */
	bbox: [number, number, number, number];
}

const ROOT = resolve(import.meta.dirname, '..', 'out', 'city');
const BATCH = 20_000;

export function cityDir(seed: string, scale: number): string {
	return join(ROOT, `${seed}-${scale}`);
}

/** The stored city for this seed and scale, building it first when missing. */
export async function ensureCity(options: { seed?: string; scale: number; log?: (line: string) => void }): Promise<StoredCity> {
	const seed = options.seed ?? 'sanimap';
	const dir = cityDir(seed, options.scale);
	const manifestPath = join(dir, 'manifest.json');
	if (existsSync(manifestPath)) {
		const stored = JSON.parse(readFileSync(manifestPath, 'utf8')) as StoredCity;
		// A city built before a schema change gets the new migrations once, here, rather than on
		// every copy a benchmark starts a server on.
		openDatabase(stored.dbPath).$client.close();
		return stored;
	}
	const log = options.log ?? (() => {});
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });

	let t0 = performance.now();
	const city = generateCity({ seed, scale: options.scale });
	const generate = (performance.now() - t0) / 1000;
	log(`city: generated ${city.layers.map((l) => `${l.features.length} ${l.collection}`).join(', ')} in ${generate.toFixed(1)} s`);

	t0 = performance.now();
	for (const layer of city.layers) await writeGeoJson(join(dir, `${layer.collection}.geojson`), layer.features);
	const files = (performance.now() - t0) / 1000;

	t0 = performance.now();
	const dbPath = join(dir, 'city.db');
	const building = `${dbPath}.building`;
	seedDatabase(building, city.layers.filter((l) => l.kind !== null));
	renameSync(building, dbPath);
	const database = (performance.now() - t0) / 1000;
	log(`city: wrote files in ${files.toFixed(1)} s, loaded the database in ${database.toFixed(1)} s`);

	const all = city.layers.find((l) => l.collection === 'zones')!.features;
	const boxes = all.map((f) => geometryBbox(f.geometry));
	const stored: StoredCity = {
		dir,
		dbPath,
		seed,
		scale: options.scale,
		sideM: city.sideM,
		origin: city.origin,
		counts: Object.fromEntries(city.layers.map((l) => [l.collection, l.features.length])),
		buildSeconds: { generate, files, database },
		bbox: [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
	};
	writeFileSync(manifestPath, JSON.stringify(stored, null, '\t'));
	return stored;
}

/** One feature per line inside a FeatureCollection, streamed: a million features never become one string. */
async function writeGeoJson(path: string, features: Feature[]): Promise<void> {
	const out = createWriteStream(path);
	const write = async (s: string) => {
		if (!out.write(s)) await once(out, 'drain');
	};
	await write('{"type":"FeatureCollection","features":[\n');
	for (let i = 0; i < features.length; i++) await write((i ? ',\n' : '') + JSON.stringify(features[i]));
	await write('\n]}\n');
	out.end();
	await once(out, 'finish');
}

function seedDatabase(path: string, layers: CityLayer[]): void {
	rmSync(path, { force: true });
	const db = openDatabase(path);
	const sqlite = db.$client;
	sqlite.pragma('synchronous = OFF');
	const now = new Date().toISOString();
	const insertChangeset = sqlite.prepare(`INSERT INTO changesets (created_at, author, comment, source) VALUES (?, 'bench-city', ?, 'seed')`);
	const insertFeature = sqlite.prepare(
		`INSERT INTO features (kind, geometry, properties, min_x, min_y, max_x, max_y, version, created_at, created_by, updated_at, updated_by)
		 VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 'bench-city', ?, 'bench-city')`
	);
	const insertVersion = sqlite.prepare(
		`INSERT INTO feature_versions (feature_id, version, changeset_id, kind, action, geometry, properties, created_at) VALUES (?, 1, ?, ?, 'create', ?, ?, ?)`
	);
	for (const layer of layers) {
		const def = kindDef(layer.kind!)!;
		const changesetId = Number(insertChangeset.run(now, `Synthetic city: ${layer.collection}`).lastInsertRowid);
		const load = sqlite.transaction((from: number, to: number) => {
			for (let i = from; i < to; i++) {
				const result = validateFeature(def, layer.features[i], 'create', { limits: { maxVertices: 100_000 }, now: new Date(now) });
				if (!result.ok) throw new Error(`${layer.collection} feature ${i} is invalid: ${result.issues.map((x) => `${x.path} ${x.message}`).join('; ')}`);
				const geometry = JSON.stringify(result.value.geometry);
				const properties = JSON.stringify(result.value.properties);
				const [minX, minY, maxX, maxY] = geometryBbox(result.value.geometry as Geometry);
				const id = Number(insertFeature.run(def.kind, geometry, properties, minX, minY, maxX, maxY, now, now).lastInsertRowid);
				insertVersion.run(id, changesetId, def.kind, geometry, properties, now);
			}
		});
		for (let from = 0; from < layer.features.length; from += BATCH) load(from, Math.min(layer.features.length, from + BATCH));
	}
	sqlite.exec('ANALYZE');
	sqlite.pragma('wal_checkpoint(TRUNCATE)');
	sqlite.close();
}
