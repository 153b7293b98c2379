import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import { createTestDatabase } from '../../../../../tests/helpers/postgres';
import { openPostgres, PostgresSetupError, type PgDb } from './index';
import { features } from './schema';
import { asGeoJson } from './geometry';

const opened: PgDb[] = [];
const open = async (url: string) => {
	const db = await openPostgres(url);
	opened.push(db);
	return db;
};
afterAll(async () => {
	await Promise.all(opened.map((db) => db.$client.end()));
});

describe('the PostgreSQL store migrations', () => {
	it('make PostGIS and every table in an empty database, with a GiST index on live geometries, and run again as a no-op', async () => {
		const url = await createTestDatabase({ postgis: false });
		// Two processes starting at once: one migrates, the other finds it done.
		const [db] = await Promise.all([open(url), open(url)]);
		const { rows: tables } = await db.$client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
		expect(tables.map((t) => t.name)).toEqual([
			'changesets',
			'feature_versions',
			'features',
			'inspection_template_versions',
			'inspection_templates',
			'open311_keys',
			'photos',
			'public_reporters',
			'sessions',
			'settings',
			'spatial_ref_sys', // PostGIS's own
			'user_zones',
			'users'
		]);
		const { rows: gist } = await db.$client.query<{ def: string }>("SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'features_geometry'");
		expect(gist[0].def).toMatch(/USING gist \(geometry\) WHERE \(deleted_at IS NULL\)/);
		const { rows: applied } = await db.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
		await open(url);
		expect((await db.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0].n).toBe(applied[0].n);
	});

	it('refuses, naming the extension, a database without PostGIS that it may not add it to', async () => {
		const url = await createTestDatabase({ postgis: false });
		const name = new URL(url).pathname.slice(1);
		const admin = new pg.Client(url);
		await admin.connect();
		// Roles belong to the whole cluster: one of this database's own.
		const role = `${name}_app`;
		await admin.query(`CREATE ROLE ${role} LOGIN`);
		await admin.query(`GRANT ALL ON DATABASE ${name} TO ${role}`);
		await admin.query(`GRANT ALL ON SCHEMA public TO ${role}`);
		await admin.end();
		const asApp = new URL(url);
		asApp.username = role;
		const error = await openPostgres(asApp.toString()).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PostgresSetupError);
		expect((error as Error).message).toMatch(/extension "postgis" is installed on the server but this database does not have it/);
		expect((error as Error).message).toMatch(/CREATE EXTENSION postgis/);
	});

	it('stores points, lines and polygons, with or without elevation, and gives them back as GeoJSON', async () => {
		const db = await open(await createTestDatabase());
		const geometries: Geometry[] = [
			{ type: 'Point', coordinates: [116.39126, 39.90723] },
			{ type: 'Point', coordinates: [116.12345678901234, 40.123456789012345, 52.5] },
			{ type: 'LineString', coordinates: [[116.3, 40], [116.31, 40.01]] },
			{ type: 'Polygon', coordinates: [[[116.3, 40], [116.31, 40], [116.31, 40.01], [116.3, 40]]] },
			{ type: 'MultiPolygon', coordinates: [[[[116.3, 40], [116.31, 40], [116.31, 40.01], [116.3, 40]]]] }
		];
		const audit = { createdAt: '2026-03-01T00:00:00.000Z', createdBy: 't', updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 't' };
		for (const geometry of geometries) {
			const [row] = await db
				.insert(features)
				.values({ kind: 'bin', geometry, properties: { name: '垃圾桶' }, minX: 0, minY: 0, maxX: 0, maxY: 0, version: 1, ...audit })
				.returning({ id: features.id });
			const [back] = await db.select({ geometry: asGeoJson(features.geometry), properties: features.properties }).from(features).where(eq(features.id, row.id));
			expect(back).toEqual({ geometry, properties: { name: '垃圾桶' } });
		}
		// A geometry that is not WGS 84 longitude and latitude is refused by the column's check.
		await expect(db.$client.query("INSERT INTO features (kind, geometry, properties, min_x, min_y, max_x, max_y, version, created_at, created_by, updated_at, updated_by) VALUES ('bin', ST_SetSRID(ST_MakePoint(1, 2), 3857), '{}', 0, 0, 0, 0, 1, '', '', '', '')")).rejects.toThrow(/features_geometry_srid/);
	});
});
