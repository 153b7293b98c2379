import type { Feature, Geometry } from 'geojson';
import type { FeatureRow } from '../db/schema';

/** A feature as the repositories hand it out: parsed, with its version and audit fields. */
export interface StoredFeature {
	id: number;
	kind: string;
	geometry: Geometry;
	properties: Record<string, unknown>;
	version: number;
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	updatedBy: string;
}

export function toStoredFeature(row: FeatureRow): StoredFeature {
	return {
		id: row.id,
		kind: row.kind,
		geometry: JSON.parse(row.geometry),
		properties: JSON.parse(row.properties),
		version: row.version,
		createdAt: row.createdAt,
		createdBy: row.createdBy,
		updatedAt: row.updatedAt,
		updatedBy: row.updatedBy
	};
}

/** A stored feature (or a past version of one) as a GeoJSON Feature, for the analyses. */
export function geoJsonFeature(f: Pick<StoredFeature, 'id' | 'geometry' | 'properties'>): Feature<Geometry> {
	return { type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties };
}
