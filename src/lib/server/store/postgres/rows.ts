/**
 * Features as the PostgreSQL store reads them: the columns of `features` under the names the
 * SQLite rows have, the geometry as GeoJSON (parsed by the driver) and the properties as jsonb.
 */
import type { Geometry } from 'geojson';
import type { FeatureState } from '../../../domain/edits/feature-state';
import { GEOJSON_DECIMALS } from '../../db/postgres/geometry';
import type { StoredFeature } from '../../repositories/stored-feature';
import type { RowView } from '../changeset-engine';

export interface PgFeatureRow {
	id: number;
	kind: string;
	geometry: Geometry;
	properties: Record<string, unknown>;
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
	version: number;
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	updatedBy: string;
	deletedAt: string | null;
}

/** A geometry column as GeoJSON the driver parses. */
export const geoJson = (column: string) => `ST_AsGeoJSON(${column}, ${GEOJSON_DECIMALS})::json`;

/** The select list of a `features` row. */
export const FEATURE_COLUMNS = `id, kind, ${geoJson('geometry')} AS geometry, properties,
	min_x AS "minX", min_y AS "minY", max_x AS "maxX", max_y AS "maxY", version,
	created_at AS "createdAt", created_by AS "createdBy", updated_at AS "updatedAt", updated_by AS "updatedBy", deleted_at AS "deletedAt"`;

export function toStoredFeature(row: PgFeatureRow): StoredFeature {
	return {
		id: row.id,
		kind: row.kind,
		geometry: row.geometry,
		properties: row.properties,
		version: row.version,
		createdAt: row.createdAt,
		createdBy: row.createdBy,
		updatedAt: row.updatedAt,
		updatedBy: row.updatedBy
	};
}

export const pgRowView: RowView<PgFeatureRow> = {
	state: (row): FeatureState => ({ id: row.id, kind: row.kind, version: row.version, geometry: row.geometry, properties: row.properties, deleted: row.deletedAt !== null }),
	stored: toStoredFeature
};
