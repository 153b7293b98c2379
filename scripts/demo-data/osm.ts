import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';

export type OsmProps = Record<string, string | number | undefined>;
export type OsmFeature<G extends Geometry = Geometry> = { type: 'Feature'; geometry: G; properties: OsmProps };

/** The layers of the shared extract the demo is built from (see shared/data/README.md). */
export interface OsmExtract {
	roads: OsmFeature[];
	shops: OsmFeature[];
	zones: OsmFeature[];
	buildings: OsmFeature[];
	streams: OsmFeature[];
}

const LAYERS = ['roads', 'shops', 'zones', 'buildings', 'streams'] as const;

export function extractExists(dir: string): boolean {
	return LAYERS.every((layer) => existsSync(join(dir, `${layer}.geojson`)));
}

export function readOsmExtract(dir: string): OsmExtract {
	const read = (layer: string) => (JSON.parse(readFileSync(join(dir, `${layer}.geojson`), 'utf8')) as FeatureCollection).features as OsmFeature[];
	return Object.fromEntries(LAYERS.map((layer) => [layer, read(layer)])) as unknown as OsmExtract;
}

/** "way/123456": the form the `osmId` field stores. */
export const osmId = (p: OsmProps) => `${p.osm_type}/${p.osm_id}`;

/** The local (Chinese) name: `name` is the local name in OSM; `name:zh` when only that is set. */
export function osmName(p: OsmProps): string | undefined {
	const name = p.name ?? p['name:zh'] ?? p['name:zh-Hans'];
	return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** OSM tags may carry several values separated by ";" — the first is the main one. */
export const firstValue = (v: unknown) => (typeof v === 'string' ? v.split(';')[0].trim() : undefined);

/** Features sorted by OSM id, so output never depends on the extract's file order. */
export const byOsmId = <T extends OsmFeature>(features: readonly T[]) =>
	[...features].sort((a, b) => osmId(a.properties).localeCompare(osmId(b.properties), 'en'));
