/**
 * The synthetic city's layers, deterministic from a seed and a scale. Streets, address targets and
 * bins come from the shared generator (bench/lib/synthetic-city.ts); this file splits the streets
 * into block-long road segments with classes and surfaces, and adds zones, hotspots (a year of
 * reports, clustered), shops, display boards, drains and collection points on the same grid.
 * Each added layer draws from its own random stream, so adding or changing one never moves another.
 *
 * Figures at scale 1 (they scale linearly): 2,000 zones, ~200,000 road segments, 1,000,000
 * buildings and address points, 50,000 bins, 1,000,000 hotspots, 30,000 shops, 5,000 boards,
 * 20,000 drains, 2,000 collection points.
 */
import seedrandom from 'seedrandom';
import CheapRuler from 'cheap-ruler';
import type { Feature, LineString, Point, Polygon } from 'geojson';
import { syntheticCity } from '../lib/synthetic-city';

export interface CityOptions {
	seed: string;
	scale: number;
}

/** A layer of the city: its collection id (as in the API; `buildings` is not an asset kind) and features. */
export interface CityLayer {
	collection: string;
	/** The asset kind stored in the database, or null for context layers kept as files only. */
	kind: string | null;
	features: Feature[];
}

const ORIGIN: [number, number] = [114.3, 30.5];
const PER_SCALE = { zones: 2_000, hotspots: 1_000_000, shops: 30_000, boards: 5_000, drains: 20_000, collectionPoints: 2_000 };
/** The year the hotspots were reported in. */
const YEAR_START = Date.UTC(2024, 0, 1);
const YEAR_MS = 366 * 86_400_000;

type Rng = () => number;

function pick<T>(rng: Rng, weighted: [T, number][]): T {
	let r = rng() * weighted.reduce((s, [, w]) => s + w, 0);
	for (const [value, w] of weighted) if ((r -= w) < 0) return value;
	return weighted[weighted.length - 1][0];
}

function gaussian(rng: Rng): number {
	const u = 1 - rng(), v = rng();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const SURFACES: Record<string, [string, number][]> = {
	commercial: [['asphalt', 70], ['paving', 25], ['concrete', 5]],
	main: [['asphalt', 85], ['concrete', 15]],
	secondary: [['asphalt', 75], ['concrete', 25]],
	branch: [['concrete', 50], ['asphalt', 25], ['paving', 10], ['gravel', 10], ['earth', 5]],
	alley: [['concrete', 45], ['paving', 20], ['gravel', 15], ['earth', 15], ['unknown', 5]]
};
const WIDTH_M: Record<string, number> = { commercial: 12, main: 24, secondary: 16, branch: 8, alley: 3 };

export function generateCity({ seed, scale }: CityOptions): { layers: CityLayer[]; sideM: number; origin: [number, number] } {
	const city = syntheticCity({ seed, scale, origin: ORIGIN });
	const side = city.sideM;
	const ruler = new CheapRuler(ORIGIN[1], 'meters');
	const at = (x: number, y: number): [number, number] => {
		const [lon, lat] = ruler.offset(ORIGIN, x, y);
		// 1e-7° is about 1 cm: enough for any asset, and it keeps the files and rows short.
		return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
	};
	const stream = (layer: string): Rng => seedrandom(`${seed}:${scale}:city:${layer}`);
	const count = (perScale: number) => Math.max(1, Math.round(perScale * scale));
	const inCity = (x: number, y: number): [number, number] => [Math.min(side, Math.max(0, x)), Math.min(side, Math.max(0, y))];

	// Zones: a grid of rectangles covering the city exactly, about as many as asked.
	const zoneCount = count(PER_SCALE.zones);
	const cols = Math.max(1, Math.round(Math.sqrt(zoneCount)));
	const rows = Math.max(1, Math.round(zoneCount / cols));
	const zoneRng = stream('zones');
	const zones: Feature<Polygon>[] = [];
	for (let r = 0; r < rows; r++) {
		for (let c = 0; c < cols; c++) {
			const x0 = (c * side) / cols, x1 = ((c + 1) * side) / cols, y0 = (r * side) / rows, y1 = ((r + 1) * side) / rows;
			const households = 200 + Math.floor(zoneRng() * 1_800);
			zones.push({
				type: 'Feature',
				properties: { name: `Zone ${String.fromCharCode(65 + (r % 26))}${Math.floor(r / 26) || ''}-${c + 1}`, responsible: `Staff ${r * cols + c + 1}`, households, population: Math.round(households * (2.4 + zoneRng())) },
				geometry: { type: 'Polygon', coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]] }
			});
		}
	}

	// Road segments: every street cut at each crossing into block-long pieces, alleys as they are.
	const roadRng = stream('roads');
	const roads: Feature<LineString>[] = [];
	for (const street of city.roads.features) {
		const cls = String(street.properties?.roadClass ?? 'branch');
		const coords = street.geometry.coordinates;
		// East–west streets carry a mid-block vertex (where alleys leave); north–south ones do not.
		const step = cls !== 'alley' && coords.length > 2 && isEastWest(coords) ? 2 : 1;
		const pieces: number[][][] = [];
		if (cls === 'alley' || coords.length === 2) pieces.push(coords);
		else for (let i = 0; i + step < coords.length; i += step) pieces.push(coords.slice(i, i + step + 1));
		for (const piece of pieces) {
			roads.push({
				type: 'Feature',
				properties: { roadClass: cls, surface: pick(roadRng, SURFACES[cls] ?? SURFACES.branch), widthM: WIDTH_M[cls] ?? 6 },
				geometry: { type: 'LineString', coordinates: piece.map(([lon, lat]) => [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7]) }
			});
		}
	}

	const buildings = city.targets.features.map((f) => ({ ...f, geometry: roundGeometry(f.geometry) })) as Feature[];

	const binRng = stream('bins');
	const bins: Feature<Point>[] = city.bins.features.map((f) => ({
		type: 'Feature',
		properties: {
			binType: pick(binRng, [['litter', 70], ['refuse', 25], ['sorted-recycling', 5]]),
			status: pick(binRng, [['installed', 90], ['planned', 4], ['damaged', 4], ['removed', 2]]),
			capacityL: pick(binRng, [[120, 50], [240, 40], [660, 10]])
		},
		geometry: roundGeometry(f.geometry) as Point
	}));

	// Hotspots: a year of reports, 80 % around recurring trouble spots (markets, back lanes), the rest anywhere.
	const hotRng = stream('hotspots');
	const spots = Array.from({ length: Math.max(5, Math.round(400 * Math.sqrt(scale))) }, () => ({ x: hotRng() * side, y: hotRng() * side, sigma: 60 + hotRng() * 400 }));
	const hotspots: Feature<Point>[] = [];
	const hotspotCount = count(PER_SCALE.hotspots);
	for (let k = 0; k < hotspotCount; k++) {
		let x: number, y: number;
		if (hotRng() < 0.8) {
			const s = spots[Math.floor(hotRng() * spots.length)];
			[x, y] = inCity(s.x + gaussian(hotRng) * s.sigma, s.y + gaussian(hotRng) * s.sigma);
		} else [x, y] = [hotRng() * side, hotRng() * side];
		const reported = YEAR_START + Math.floor(hotRng() * YEAR_MS);
		const status = pick(hotRng, [['verified', 55], ['resolved', 15], ['assigned', 12], ['reported', 12], ['rejected', 6]]);
		const properties: Record<string, unknown> = {
			category: pick(hotRng, [['exposed-rubbish', 30], ['dumped-debris', 20], ['small-ads', 15], ['blind-spot', 15], ['standing-water', 10], ['mosquito-breeding', 5], ['illegal-structure', 5]]),
			severity: pick(hotRng, [['low', 40], ['medium', 45], ['high', 15]]),
			status,
			reportedAt: new Date(reported).toISOString()
		};
		if (status !== 'reported') properties.dueAt = new Date(reported + 7 * 86_400_000).toISOString();
		if (status === 'resolved' || status === 'verified') properties.resolvedAt = new Date(reported + Math.floor(hotRng() * 9 * 86_400_000)).toISOString();
		hotspots.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: at(x, y) } });
	}

	// Shops along the commercial and main streets mostly; boards and collection points anywhere on a street.
	const streetPoint = (rng: Rng, classes: Set<string> | null): [number, number] => {
		for (let tries = 0; tries < 20; tries++) {
			const road = roads[Math.floor(rng() * roads.length)];
			if (classes && !classes.has(String(road.properties!.roadClass)) && tries < 19) continue;
			const [a, b] = road.geometry.coordinates;
			const t = rng();
			const off = (rng() - 0.5) * 0.00012;
			return [Math.round((a[0] + t * (b[0] - a[0]) + off) * 1e7) / 1e7, Math.round((a[1] + t * (b[1] - a[1]) + off) * 1e7) / 1e7];
		}
		throw new Error('unreachable');
	};
	const shopRng = stream('shops');
	const busy = new Set(['commercial', 'main', 'secondary']);
	const shops: Feature<Point>[] = Array.from({ length: count(PER_SCALE.shops) }, (_, k) => {
		const category = pick(shopRng, [['food', 35], ['grocery', 25], ['barber', 15], ['lodging', 5], ['other', 20]]);
		const properties: Record<string, unknown> = { name: `Shop ${k + 1}`, category, lastInspection: pick(shopRng, [['pass', 70], ['minor-issues', 22], ['fail', 8]]) };
		if (shopRng() < 0.75) properties.frontageContract = `2024-0${1 + Math.floor(shopRng() * 9)}-1${Math.floor(shopRng() * 10)}`;
		if (category === 'food') properties.hygieneLicence = pick(shopRng, [['valid', 80], ['expired', 15], ['none', 5]]);
		return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: streetPoint(shopRng, shopRng() < 0.8 ? busy : null) } };
	});
	const boardRng = stream('boards');
	const boards: Feature<Point>[] = Array.from({ length: count(PER_SCALE.boards) }, () => ({
		type: 'Feature',
		properties: {
			boardType: pick(boardRng, [['health-education', 60], ['campaign', 30], ['notice', 10]]),
			areaM2: 2 + Math.floor(boardRng() * 6),
			contentUpdatedAt: `2024-${String(1 + Math.floor(boardRng() * 12)).padStart(2, '0')}-01`
		},
		geometry: { type: 'Point', coordinates: streetPoint(boardRng, null) }
	}));
	const cpRng = stream('collection-points');
	const collectionPoints: Feature<Point>[] = Array.from({ length: count(PER_SCALE.collectionPoints) }, () => ({
		type: 'Feature',
		properties: { pointType: pick(cpRng, [['collection-point', 60], ['refuse-room', 25], ['refuse-house', 10], ['transfer-station', 5]]), capacityT: 1 + Math.floor(cpRng() * 20), enclosed: cpRng() < 0.7 },
		geometry: { type: 'Point', coordinates: streetPoint(cpRng, null) }
	}));

	// Drains: a ditch along one side of a block, 3 vertices, some silted or blocked.
	const drainRng = stream('drains');
	const drains: Feature<LineString>[] = Array.from({ length: count(PER_SCALE.drains) }, () => {
		const x = drainRng() * (side - 120), y = drainRng() * side;
		const len = 40 + drainRng() * 80;
		const wobble = (drainRng() - 0.5) * 8;
		return {
			type: 'Feature',
			properties: {
				drainType: pick(drainRng, [['open-ditch', 50], ['covered-channel', 30], ['pipe', 20]]),
				lined: drainRng() < 0.6,
				condition: pick(drainRng, [['clear', 70], ['silted', 18], ['blocked', 9], ['overflowing', 3]])
			},
			geometry: { type: 'LineString', coordinates: [at(x, y), at(x + len / 2, y + wobble), at(x + len, y)] }
		};
	});

	return {
		sideM: side,
		origin: ORIGIN,
		layers: [
			{ collection: 'zones', kind: 'zone', features: zones },
			{ collection: 'road-segments', kind: 'roadSegment', features: roads },
			{ collection: 'buildings', kind: null, features: buildings },
			{ collection: 'bins', kind: 'bin', features: bins },
			{ collection: 'hotspots', kind: 'hotspot', features: hotspots },
			{ collection: 'shops', kind: 'shop', features: shops },
			{ collection: 'display-boards', kind: 'displayBoard', features: boards },
			{ collection: 'drains', kind: 'drain', features: drains },
			{ collection: 'collection-points', kind: 'collectionPoint', features: collectionPoints }
		]
	};
}

function isEastWest(coords: number[][]): boolean {
	const a = coords[0], b = coords[coords.length - 1];
	return Math.abs(b[0] - a[0]) > Math.abs(b[1] - a[1]);
}

function roundGeometry<G extends Point | Polygon>(g: G): G {
	const r = (c: number[]) => [Math.round(c[0] * 1e7) / 1e7, Math.round(c[1] * 1e7) / 1e7];
	if (g.type === 'Point') return { type: 'Point', coordinates: r(g.coordinates) } as G;
	return { type: 'Polygon', coordinates: (g as Polygon).coordinates.map((ring) => ring.map(r)) } as G;
}
