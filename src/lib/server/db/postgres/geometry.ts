/**
 * PostGIS geometry columns for drizzle. drizzle's built-in `geometry()` handles points only; sanimap
 * stores points, lines and polygons (and their Multi forms), so the column is a custom type written
 * from GeoJSON with ST_GeomFromGeoJSON and read back as GeoJSON with ST_AsGeoJSON.
 *
 * The column is a plain `geometry` with a CHECK that its SRID is 4326, not the typmod
 * `geometry(Geometry, 4326)`: a typmod column takes only 2D geometries, and sanimap accepts
 * positions with an elevation (KML and GPX imports carry one), which must be kept as they are.
 * ST_GeomFromGeoJSON gives every GeoJSON geometry SRID 4326. Two things PostGIS does not keep: a
 * geometry whose positions mix two and three numbers comes back with elevation 0 where none was
 * given, and ST_AsGeoJSON writes at most 15 decimals (every longitude and latitude JavaScript
 * writes with its shortest round-trip digits has fewer, past 1 degree from 0).
 */
import { customType } from 'drizzle-orm/pg-core';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Geometry } from 'geojson';

/** The most decimals ST_AsGeoJSON writes (its own limit). */
export const GEOJSON_DECIMALS = 15;

export const geometry = customType<{ data: Geometry; driverData: string }>({
	dataType() {
		return 'geometry';
	},
	toDriver(value: Geometry): SQL {
		return sql`ST_GeomFromGeoJSON(${JSON.stringify(value)})`;
	},
	fromDriver(value: string): Geometry {
		// Selected as the column itself, PostGIS answers with hex EWKB; read it through asGeoJson.
		if (typeof value === 'string' && value.trimStart().startsWith('{')) return JSON.parse(value) as Geometry;
		throw new Error('A geometry column was read without ST_AsGeoJSON: select asGeoJson(column) instead of the column.');
	}
});

/** A geometry column (or expression) as GeoJSON, parsed by the driver. */
export function asGeoJson(column: SQLWrapper): SQL<Geometry> {
	return sql<Geometry>`ST_AsGeoJSON(${column}, ${sql.raw(String(GEOJSON_DECIMALS))})::json`;
}

/** The CHECK every geometry column carries: WGS 84 longitude and latitude. */
export const srid4326 = (column: SQLWrapper): SQL => sql`ST_SRID(${column}) = 4326`;
