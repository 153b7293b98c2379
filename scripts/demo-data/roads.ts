import type { LineString } from 'geojson';
import { roadClassFromHighway, type RoadClass } from '../../src/lib/domain/road-class';
import { hardeningFromSurface } from '../../src/lib/domain/surface';
import { feature, type SeedFeature } from './feature';
import { clipLine, lineLength, type Line } from './geo';
import { byOsmId, osmId, osmName, type OsmFeature } from './osm';
import { dateBetween, type Rng } from './random';

export type Surface = 'concrete' | 'asphalt' | 'paving' | 'gravel' | 'earth' | 'unknown';

/** What later layers need to know about a road: bins, drains and hotspots are placed along these. */
export interface Road {
	id: string;
	osmId: string;
	roadClass: RoadClass;
	highway: string;
	service?: string;
	name?: string;
	lines: Line[];
	length: number;
	/** One-way carriageways: bins and drains go on the kerb side (right, traffic drives on the right). */
	oneway: boolean;
	/** Bridges and tunnels carry no bins or drains. */
	structure: boolean;
	hardened: boolean;
}

/** OSM `surface` values onto the six surfaces the road kind knows. */
export function surfaceFromOsm(surface: unknown): Surface | undefined {
	if (typeof surface !== 'string') return undefined;
	if (surface === 'asphalt' || surface === 'chipseal') return 'asphalt';
	if (surface.startsWith('concrete')) return 'concrete';
	if (['paving_stones', 'paving', 'sett', 'bricks', 'cobblestone', 'unhewn_cobblestone', 'grass_paver', 'tiles'].includes(surface) || surface.startsWith('paving_stones')) return 'paving';
	if (['gravel', 'fine_gravel', 'compacted', 'pebblestone', 'rock', 'shells'].includes(surface)) return 'gravel';
	if (['dirt', 'earth', 'ground', 'mud', 'sand', 'grass', 'clay', 'unpaved', 'woodchips'].includes(surface)) return 'earth';
	return 'unknown';
}

type Weights = readonly (readonly [Surface, number])[];

/**
 * Plausible surfaces for untagged roads in an urban Haidian neighbourhood: arterials are asphalt;
 * compound roads mostly concrete or asphalt; some back alleys and service lanes are still
 * gravel or earth — the unhardened roads a hardening campaign is about.
 */
function surfaceWeights(cls: RoadClass, service?: string): Weights {
	if (cls === 'main' || cls === 'secondary' || cls === 'commercial') return [['asphalt', 0.97], ['concrete', 0.03]];
	if (cls === 'branch') return [['asphalt', 0.5], ['concrete', 0.3], ['paving', 0.06], ['gravel', 0.09], ['earth', 0.05]];
	if (service === 'parking_aisle') return [['asphalt', 0.6], ['paving', 0.4]];
	if (service === 'alley') return [['concrete', 0.4], ['paving', 0.12], ['asphalt', 0.05], ['gravel', 0.18], ['earth', 0.25]];
	return [['concrete', 0.4], ['asphalt', 0.22], ['paving', 0.1], ['gravel', 0.15], ['earth', 0.13]];
}

/** Carriageway width in metres, by OSM highway; one-way ways are one carriageway of a dual road. */
function widthRange(highway: string, service: string | undefined, oneway: boolean): [number, number] {
	const link = highway.endsWith('_link');
	if (highway === 'trunk' || highway === 'primary') return oneway ? [10, 14] : [20, 30];
	if (highway === 'secondary' || highway === 'tertiary') return oneway ? [7, 10] : [12, 18];
	if (link) return [5, 7];
	if (highway === 'residential' || highway === 'unclassified') return [6, 9];
	if (highway === 'living_street') return [4, 6];
	if (service === 'alley') return [2.5, 4];
	if (service === 'parking_aisle') return [5, 6.5];
	if (highway === 'track') return [3, 4];
	return [3.5, 6];
}

export function buildRoads(osmRoads: readonly OsmFeature[], rng: Rng): { features: SeedFeature[]; roads: Road[] } {
	const features: SeedFeature[] = [];
	const roads: Road[] = [];
	for (const f of byOsmId(osmRoads)) {
		const p = f.properties;
		const highway = String(p.highway);
		const roadClass = roadClassFromHighway(highway);
		if (!roadClass || f.geometry.type !== 'LineString') continue;
		const lines = clipLine((f.geometry as LineString).coordinates);
		if (lines.length === 0) continue;

		const service = typeof p.service === 'string' ? p.service : undefined;
		const oneway = p.oneway === 'yes';
		const generated: string[] = [];
		let surface = surfaceFromOsm(p.surface);
		if (!surface || surface === 'unknown') {
			surface = rng.weighted(surfaceWeights(roadClass, service));
			generated.push('surface', 'hardened');
		}
		const hardened = hardeningFromSurface(surface) === 'hardened';
		// A few recently hardened back roads: the campaign's "hardened N m² of alley" figures.
		let hardenedAt: string | undefined;
		if (hardened && generated.length > 0 && (roadClass === 'alley' || roadClass === 'branch') && surface !== 'asphalt' && rng.chance(0.3)) {
			hardenedAt = dateBetween(rng, '2025-03-01', '2026-10-15');
			generated.push('hardenedAt');
		}
		const [wMin, wMax] = widthRange(highway, service, oneway);
		const widthM = Math.round(rng.range(wMin, wMax) * 2) / 2;
		generated.push('widthM');

		const id = `road-${p.osm_type}-${p.osm_id}`;
		const name = osmName(p);
		features.push(
			feature(id, lines.length === 1 ? { type: 'LineString', coordinates: lines[0] } : { type: 'MultiLineString', coordinates: lines }, {
				name,
				roadClass,
				highway,
				surface,
				hardened,
				hardenedAt,
				widthM,
				source: 'osm',
				generatedFields: generated,
				osmId: osmId(p)
			})
		);
		roads.push({
			id,
			osmId: osmId(p),
			roadClass,
			highway,
			service,
			name,
			lines,
			length: lines.reduce((s, l) => s + lineLength(l), 0),
			oneway,
			structure: p.bridge !== undefined && p.bridge !== 'no' ? true : p.tunnel !== undefined && p.tunnel !== 'no',
			hardened
		});
	}
	return { features, roads };
}
