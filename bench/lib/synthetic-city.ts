/**
 * A deterministic synthetic city for benchmarks: a jittered grid of streets with road classes,
 * dead-end alleys, building polygons and address points as targets, and bins near the streets.
 * Same seed and scale, same city. Scale 1 is a city of about 20,000 km of road, 1,000,000 targets
 * and 50,000 bins on a 100 m block grid (31.6 km square); sizes scale linearly with `scale`
 * (the side with its square root).
 */
import seedrandom from 'seedrandom';
import CheapRuler from 'cheap-ruler';
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';

export interface SyntheticCityOptions {
	seed?: string;
	scale?: number;
	/** Figures at scale 1. */
	targets?: number;
	bins?: number;
	roadKm?: number;
	/** Origin (south-west corner), default 114.3 E, 30.5 N. */
	origin?: [number, number];
}

export interface SyntheticCity {
	roads: FeatureCollection<LineString>;
	/** Buildings (40 %, Polygon) and address points (60 %); half carry `households`. */
	targets: FeatureCollection<Point | Polygon>;
	bins: FeatureCollection<Point>;
	blockM: number;
	sideM: number;
}

const BLOCK_M = 100;
const ALLEY_SHARE = 0.3;
const ALLEY_M = 50;

export function syntheticCity(options: SyntheticCityOptions = {}): SyntheticCity {
	const scale = options.scale ?? 1;
	const rng = seedrandom(`${options.seed ?? 'sanimap'}:${scale}`);
	const origin = options.origin ?? [114.3, 30.5];
	const ruler = new CheapRuler(origin[1], 'meters');
	const at = (x: number, y: number): [number, number] => ruler.offset(origin, x, y) as [number, number];

	// A square grid of spacing d and side s has about 2·s²/d of street, plus the alleys.
	const roadM = (options.roadKm ?? 20_000) * 1000 * scale;
	const side = Math.sqrt((roadM * BLOCK_M) / (2 + (ALLEY_SHARE * ALLEY_M) / BLOCK_M));
	const n = Math.max(2, Math.round(side / BLOCK_M) + 1);
	const jx = new Float64Array(n * n);
	const jy = new Float64Array(n * n);
	for (let k = 0; k < n * n; k++) {
		jx[k] = (rng() - 0.5) * 10;
		jy[k] = (rng() - 0.5) * 10;
	}
	const node = (i: number, j: number): [number, number] => [i * BLOCK_M + jx[i * n + j], j * BLOCK_M + jy[i * n + j]];
	const mid = (a: [number, number], b: [number, number]): [number, number] => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
	const centre = n / 2;
	const classOf = (k: number) => (k % 10 === 0 ? 'main' : k % 5 === 0 ? 'secondary' : Math.abs(k - centre) < 3 ? 'commercial' : 'branch');

	const roads: Feature<LineString>[] = [];
	for (let j = 0; j < n; j++) {
		// East–west street j, with a vertex mid-block where an alley may leave it.
		const coords: [number, number][] = [];
		for (let i = 0; i < n; i++) {
			if (i > 0) coords.push(at(...mid(node(i - 1, j), node(i, j))));
			coords.push(at(...node(i, j)));
		}
		roads.push({ type: 'Feature', properties: { roadClass: classOf(j) }, geometry: { type: 'LineString', coordinates: coords } });
	}
	for (let i = 0; i < n; i++) {
		const coords: [number, number][] = [];
		for (let j = 0; j < n; j++) coords.push(at(...node(i, j)));
		roads.push({ type: 'Feature', properties: { roadClass: classOf(i) }, geometry: { type: 'LineString', coordinates: coords } });
	}
	for (let j = 0; j < n - 1; j++) {
		for (let i = 1; i < n; i++) {
			if (rng() >= ALLEY_SHARE) continue;
			const [x, y] = mid(node(i - 1, j), node(i, j));
			roads.push({ type: 'Feature', properties: { roadClass: 'alley' }, geometry: { type: 'LineString', coordinates: [at(x, y), at(x, y + ALLEY_M)] } });
		}
	}

	const blocks = (n - 1) * (n - 1);
	const targetCount = Math.round((options.targets ?? 1_000_000) * scale);
	const targets: Feature<Point | Polygon>[] = [];
	for (let t = 0; t < targetCount; t++) {
		const b = Math.floor(rng() * blocks);
		const [x0, y0] = node(b % (n - 1), Math.floor(b / (n - 1)));
		const x = x0 + 12 + rng() * 70, y = y0 + 12 + rng() * 70;
		const properties = rng() < 0.5 ? { households: 1 + Math.floor(rng() * 4) } : {};
		if (rng() < 0.4) {
			const ring = [at(x, y), at(x + 10, y), at(x + 10, y + 8), at(x, y + 8), at(x, y)];
			targets.push({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } });
		} else targets.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: at(x, y) } });
	}

	const binCount = Math.round((options.bins ?? 50_000) * scale);
	const bins: Feature<Point>[] = [];
	for (let k = 0; k < binCount; k++) {
		// Most bins stand at the kerb of an east–west street, a few inside blocks.
		const i = Math.floor(rng() * (n - 1)), j = Math.floor(rng() * n);
		const [ax, ay] = node(i, j), [bx, by] = node(i + 1, j);
		const t = rng();
		const inside = rng() < 0.1;
		const x = ax + t * (bx - ax), y = ay + t * (by - ay) + (inside ? 30 + rng() * 40 : (rng() - 0.5) * 6);
		bins.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at(x, y) } });
	}

	return {
		roads: { type: 'FeatureCollection', features: roads },
		targets: { type: 'FeatureCollection', features: targets },
		bins: { type: 'FeatureCollection', features: bins },
		blockM: BLOCK_M,
		sideM: (n - 1) * BLOCK_M
	};
}
