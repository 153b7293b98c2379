/**
 * Reads of live features on PostgreSQL, with the answers of the SQLite store's FeatureRepository
 * (../../repositories/features.ts). A viewport query is an overlap test on the GiST index of live
 * geometries (its boxes are 32-bit and rounded outward, like SQLite's R*Tree), then the exact test
 * on the bbox columns, so a feature exactly at the edge is found on both stores alike.
 */
import type pg from 'pg';
import type { Feature, Geometry } from 'geojson';
import type { PgDb } from '../../db/postgres';
import type { Bbox, FeaturePage, FeatureQuery } from '../../repositories/features';
import type { StoredFeature } from '../../repositories/stored-feature';
import type { FeatureReads } from '../types';
import { FEATURE_COLUMNS, geoJson, toStoredFeature, type PgFeatureRow } from './rows';

/** Rows a scan reads at a time: a page is short-lived, so the collector frees it young. */
const SCAN_PAGE = 10_000;

export class PgFeatureRepository implements FeatureReads {
	private readonly pool: pg.Pool;

	constructor(db: PgDb) {
		this.pool = db.$client;
	}

	private async rows(name: string, text: string, values: unknown[]): Promise<PgFeatureRow[]> {
		return (await this.pool.query<PgFeatureRow>({ name, text, values })).rows;
	}

	async get(kind: string, id: number): Promise<StoredFeature | undefined> {
		const [row] = await this.rows('features.get', `SELECT ${FEATURE_COLUMNS} FROM features WHERE id = $1 AND kind = $2 AND deleted_at IS NULL`, [id, kind]);
		return row && toStoredFeature(row);
	}

	async getById(id: number): Promise<StoredFeature | undefined> {
		const [row] = await this.rows('features.getById', `SELECT ${FEATURE_COLUMNS} FROM features WHERE id = $1 AND deleted_at IS NULL`, [id]);
		return row && toStoredFeature(row);
	}

	async wasDeleted(kind: string, id: number): Promise<boolean> {
		const { rowCount } = await this.pool.query({
			name: 'features.wasDeleted',
			text: 'SELECT 1 FROM features WHERE id = $1 AND kind = $2 AND deleted_at IS NOT NULL',
			values: [id, kind]
		});
		return (rowCount ?? 0) > 0;
	}

	async query(kind: string, q: FeatureQuery): Promise<FeaturePage> {
		const values: unknown[] = [kind];
		const param = (value: unknown) => `$${values.push(value)}`;
		const conds = ['kind = $1', 'deleted_at IS NULL'];
		if (q.bbox) {
			const [minX, minY, maxX, maxY] = q.bbox.map(param);
			conds.push(
				`geometry && ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, 4326)`,
				`max_x >= ${minX} AND min_x <= ${maxX} AND max_y >= ${minY} AND min_y <= ${maxY}`
			);
		}
		// Values compare as text, booleans as JSON's true and false: what ->> gives, and what SQLite's
		// json_extract gives for strings, booleans and numbers as JavaScript writes them. Where the two
		// differ (an exponent such as 1e21, a nested object's spacing) no kind stores such values.
		for (const [key, value] of Object.entries(q.where ?? {})) conds.push(`properties ->> ${param(key)} = ${param(value)}`);
		// lower() in SQLite folds ASCII letters only; here (C.UTF-8 and most locales) others fold too,
		// which only finds more, never fewer, of the Latin names SQLite finds.
		if (q.nameContains) conds.push(`strpos(lower(coalesce(properties ->> 'name', '')), lower(${param(q.nameContains)})) > 0`);
		const where = conds.join(' AND ');
		const offset = q.offset ?? 0;
		const filterValues = [...values];
		const { rows } = await this.pool.query<PgFeatureRow>(
			`SELECT ${FEATURE_COLUMNS} FROM features WHERE ${where} ORDER BY id LIMIT ${param(q.limit)} OFFSET ${param(offset)}`,
			values
		);
		// A full page (or a later one) needs the total counted; a short first page is the total.
		const numberMatched =
			rows.length < q.limit && offset === 0 ? rows.length : (await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM features WHERE ${where}`, filterValues)).rows[0].n;
		return { features: rows.map(toStoredFeature), numberMatched };
	}

	async all(kind: string): Promise<StoredFeature[]> {
		const rows = await this.rows('features.all', `SELECT ${FEATURE_COLUMNS} FROM features WHERE kind = $1 AND deleted_at IS NULL ORDER BY id`, [kind]);
		return rows.map(toStoredFeature);
	}

	/**
	 * In pages by id, each its own statement: a feature written between two pages is newer than the
	 * changeset the caller read before the scan, so a state kept up to date reads it again anyway.
	 */
	async scan(kind: string, visit: (feature: Feature<Geometry>) => void): Promise<number> {
		let count = 0;
		for (let after = 0; ; ) {
			const { rows } = await this.pool.query<{ id: number; geometry: Geometry; properties: Record<string, unknown> }>({
				name: 'features.scan',
				text: `SELECT id, ${geoJson('geometry')} AS geometry, properties FROM features WHERE kind = $1 AND deleted_at IS NULL AND id > $2 ORDER BY id LIMIT ${SCAN_PAGE}`,
				values: [kind, after]
			});
			for (const row of rows) visit({ type: 'Feature', id: row.id, geometry: row.geometry, properties: row.properties });
			count += rows.length;
			if (rows.length < SCAN_PAGE) return count;
			after = rows[rows.length - 1].id;
		}
	}

	async changedBetween(kind: string, after: number, upTo: number): Promise<number[]> {
		const { rows } = await this.pool.query<{ id: number }>({
			name: 'features.changedBetween',
			text: 'SELECT DISTINCT feature_id::int AS id FROM feature_versions WHERE kind = $1 AND changeset_id > $2 AND changeset_id <= $3',
			values: [kind, after, upTo]
		});
		return rows.map((r) => r.id);
	}

	async summary(): Promise<Map<string, { count: number; bbox: Bbox | null }>> {
		const { rows } = await this.pool.query<{ kind: string; count: number; minX: number; minY: number; maxX: number; maxY: number }>({
			name: 'features.summary',
			text: `SELECT kind, count(*)::int AS count, min(min_x) AS "minX", min(min_y) AS "minY", max(max_x) AS "maxX", max(max_y) AS "maxY"
				FROM features WHERE deleted_at IS NULL GROUP BY kind ORDER BY kind`
		});
		return new Map(rows.map((r) => [r.kind, { count: r.count, bbox: r.count ? [r.minX, r.minY, r.maxX, r.maxY] : null }]));
	}
}
