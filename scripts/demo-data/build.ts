import { SEED } from './constants';
import { buildBuildings, buildWater } from './basemap';
import { buildBins, chooseGaps } from './bins';
import { buildDrains } from './drains';
import { buildCollectionPoints, buildDisplayBoards } from './facilities';
import { serializeCollection, type SeedFeature } from './feature';
import { buildHotspots } from './hotspots';
import type { OsmExtract } from './osm';
import { Rng } from './random';
import { renderReadme } from './readme';
import { buildRoads } from './roads';
import { buildShops } from './shops';
import { buildZones } from './zones';
import { BAIT_STATIONS, VECTOR_ACTIVITIES, VECTOR_SURVEYS } from './vector-records';

/** The eight asset collections, by HTTP collection id, each written to data/demo/<id>.geojson. */
export const COLLECTION_IDS = ['bins', 'collection-points', 'drains', 'display-boards', 'shops', 'hotspots', 'road-segments', 'zones'] as const;
export type CollectionId = (typeof COLLECTION_IDS)[number];

export const BASEMAP_LAYERS = ['buildings', 'water'] as const;

/** 除四害 collections kept as written (vector-records.ts), written beside the generated ones. */
export const CURATED_COLLECTIONS: Record<string, SeedFeature[]> = { 'bait-stations': BAIT_STATIONS, 'vector-surveys': VECTOR_SURVEYS, 'vector-activities': VECTOR_ACTIVITIES };

export interface DemoData {
	collections: Record<CollectionId, SeedFeature[]>;
	basemap: Record<(typeof BASEMAP_LAYERS)[number], SeedFeature[]>;
	/** File contents by path relative to the repository root. */
	files: Record<string, string>;
}

/** Builds the whole demo community from the OSM extract. Pure: same extract in, same bytes out. */
export function buildDemoData(extract: OsmExtract): DemoData {
	const rng = (layer: string) => new Rng(`${SEED}:${layer}`);
	const { features: roadFeatures, roads } = buildRoads(extract.roads, rng('roads'));
	const { features: zoneFeatures, zones } = buildZones(extract.zones, roads, rng('zones'));
	const { features: shopFeatures, shops } = buildShops(extract.shops, rng('shops'));
	const water = buildWater(extract.streams);
	const gaps = chooseGaps(roads, rng('gaps'));

	const collections: Record<CollectionId, SeedFeature[]> = {
		bins: buildBins(roads, extract.buildings, gaps, rng('bins')),
		'collection-points': buildCollectionPoints(zones, roads, rng('collection-points')),
		drains: buildDrains(roads, zones, rng('drains')),
		'display-boards': buildDisplayBoards(zones, roads, shops, rng('display-boards')),
		shops: shopFeatures,
		hotspots: buildHotspots(roads, zones, shops, water.lines, rng('hotspots')),
		'road-segments': roadFeatures,
		zones: zoneFeatures
	};
	const basemap = { buildings: buildBuildings(extract.buildings), water: water.features };

	const files: Record<string, string> = {};
	for (const id of COLLECTION_IDS) files[`data/demo/${id}.geojson`] = serializeCollection(collections[id]);
	for (const [id, features] of Object.entries(CURATED_COLLECTIONS)) files[`data/demo/${id}.geojson`] = serializeCollection(features);
	for (const layer of BASEMAP_LAYERS) files[`data/demo/basemap/${layer}.geojson`] = serializeCollection(basemap[layer]);
	files['data/README.md'] = renderReadme({ ...collections, ...CURATED_COLLECTIONS }, basemap, files, gaps.map((g) => g.road.name ?? g.road.osmId));
	return { collections, basemap, files };
}
