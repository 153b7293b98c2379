import type { LineString, MultiPolygon, Polygon } from 'geojson';
import { feature, type SeedFeature } from './feature';
import { clipLine, roundPolygon, type Line } from './geo';
import { byOsmId, osmId, osmName, type OsmFeature } from './osm';

/** Buildings for the offline basemap: outline, name and OSM id only. */
export function buildBuildings(buildings: readonly OsmFeature[]): SeedFeature[] {
	return byOsmId(buildings)
		.filter((b) => b.geometry.type === 'Polygon' || b.geometry.type === 'MultiPolygon')
		.map((b) => {
			const g = b.geometry as Polygon | MultiPolygon;
			const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
			const geometry: Polygon | MultiPolygon =
				polygons.length === 1 ? { type: 'Polygon', coordinates: roundPolygon(polygons[0]) } : { type: 'MultiPolygon', coordinates: polygons.map(roundPolygon) };
			return feature(`building-${b.properties.osm_type}-${b.properties.osm_id}`, geometry, { name: osmName(b.properties), osmId: osmId(b.properties) });
		});
}

/** Streams clipped to the area, for the basemap and for placing riverside hotspots. */
export function buildWater(streams: readonly OsmFeature[]): { features: SeedFeature[]; lines: Line[] } {
	const features: SeedFeature[] = [];
	const lines: Line[] = [];
	for (const s of byOsmId(streams)) {
		if (s.geometry.type !== 'LineString') continue;
		const parts = clipLine((s.geometry as LineString).coordinates);
		if (parts.length === 0) continue;
		lines.push(...parts);
		features.push(
			feature(
				`water-${s.properties.osm_type}-${s.properties.osm_id}`,
				parts.length === 1 ? { type: 'LineString', coordinates: parts[0] } : { type: 'MultiLineString', coordinates: parts },
				{ name: osmName(s.properties), osmId: osmId(s.properties) }
			)
		);
	}
	return { features, lines };
}
