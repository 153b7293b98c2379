/**
 * The stored data as it stood at a past instant, rebuilt from `feature_versions` (append-only:
 * every version of every feature with its changeset and time). Reports read the past only through
 * here, so asking about a past period gives the same answer however the data is edited later.
 *
 * "As of T" means everything recorded strictly before T: the state of a feature is its latest
 * version with `created_at < T`, and the feature is absent when that version is a deletion (or
 * when it had no version yet). Periods are half-open, [from, to): a change recorded exactly at
 * `to` belongs to the next period, so consecutive periods never count a change twice.
 *
 * Times are compared as ISO 8601 text in UTC with milliseconds (`Date#toISOString`, the form the
 * changeset repository writes), which sorts the same as the instants themselves.
 */
import type { HistoryReads } from '../store/types';
import type { Geometry } from 'geojson';
import type { Db } from '../db';

export interface FeatureAt {
	id: number;
	kind: string;
	version: number;
	geometry: Geometry;
	properties: Record<string, unknown>;
	/** The changeset that wrote this version, and when. */
	changesetId: number;
	recordedAt: string;
}

/** A version row as the queries below select it; geometry and properties as the store hands them out. */
export interface VersionRow<Json = string> {
	id: number;
	kind: string;
	version: number;
	geometry: Json;
	properties: Json;
	changesetId: number;
	recordedAt: string;
}

/**
 * The history queries, in the SQL both stores speak: `param(n)` writes the n-th parameter (1-based)
 * as the store's driver wants it, `geometry(column)` reads a geometry column as GeoJSON.
 */
export function historyQueries(param: (n: number) => string, geometry: (column: string) => string) {
	const columns = `v.feature_id AS id, v.kind AS kind, v.version AS version, ${geometry('v.geometry')} AS geometry, v.properties AS properties,
			        v.changeset_id AS "changesetId", v.created_at AS "recordedAt"`;
	return {
		featuresAsOf: `SELECT ${columns}
			   FROM feature_versions v
			   JOIN (SELECT feature_id, MAX(version) AS version
			           FROM feature_versions
			          WHERE kind = ${param(1)} AND created_at < ${param(2)}
			          GROUP BY feature_id) latest
			     ON latest.feature_id = v.feature_id AND latest.version = v.version
			  WHERE v.deleted_at IS NULL
			  ORDER BY v.feature_id`,
		bulkLoadedIn: `SELECT ${columns}
			   FROM feature_versions v
			   JOIN changesets c ON c.id = v.changeset_id
			  WHERE v.kind = ${param(1)} AND v.version = 1 AND v.created_at >= ${param(2)} AND v.created_at < ${param(3)}
			    AND c.source IN ('seed', 'import')
			  ORDER BY v.feature_id`,
		changesetsInPeriod: `SELECT v.feature_id AS "featureId", v.changeset_id AS "changesetId"
			   FROM feature_versions v
			   JOIN changesets c ON c.id = v.changeset_id
			  WHERE v.kind = ${param(1)} AND v.created_at >= ${param(2)} AND v.created_at < ${param(3)}
			    AND NOT (v.version = 1 AND c.source IN ('seed', 'import'))
			  ORDER BY v.feature_id, v.version`,
		historyStartsAt: 'SELECT MIN(created_at) AS t FROM changesets',
		latestChangesetId: 'SELECT coalesce(MAX(id), 0) AS id FROM changesets'
	};
}

const queries = historyQueries(
	() => '?',
	(column) => column
);

/** A version row as a feature at an instant; `parse` reads the store's JSON. */
export const toFeatureAt = <Json>(r: VersionRow<Json>, parse: (json: Json) => unknown): FeatureAt => ({
	id: r.id,
	kind: r.kind,
	version: r.version,
	geometry: parse(r.geometry) as Geometry,
	properties: parse(r.properties) as Record<string, unknown>,
	changesetId: r.changesetId,
	recordedAt: r.recordedAt
});

const parseText = (json: string): unknown => JSON.parse(json);

/** An instant as the text stored in `created_at`. */
export const instantText = (ms: number): string => new Date(ms).toISOString();

/** Per feature, the changesets that changed it, oldest first, from rows ordered by feature and version. */
export function groupByFeature(rows: readonly { featureId: number; changesetId: number }[]): Map<number, number[]> {
	const byFeature = new Map<number, number[]>();
	for (const r of rows) {
		const list = byFeature.get(r.featureId);
		if (!list) byFeature.set(r.featureId, [r.changesetId]);
		else if (list[list.length - 1] !== r.changesetId) list.push(r.changesetId);
	}
	return byFeature;
}

/**
 * All live features of a kind as of `at` (ms), in one query: for each feature the version with the
 * highest number recorded before `at`, kept when it is not a deletion. Ordered by feature id.
 */
export function featuresAsOf(db: Db, kind: string, at: number): FeatureAt[] {
	const rows = db.$client.prepare(queries.featuresAsOf).all(kind, instantText(at)) as VersionRow[];
	return rows.map((r) => toFeatureAt(r, parseText));
}

/**
 * Features of a kind whose first version was written inside [from, to) by a bulk load (the demo
 * seed or an import), keyed by id, with that first version. Reports treat a bulk load as the stock
 * that was already there, not as work done in the period (see report progress).
 */
export function bulkLoadedIn(db: Db, kind: string, from: number, to: number): Map<number, FeatureAt> {
	const rows = db.$client.prepare(queries.bulkLoadedIn).all(kind, instantText(from), instantText(to)) as VersionRow[];
	return new Map(rows.map((r) => [r.id, toFeatureAt(r, parseText)]));
}

/**
 * For each feature of a kind changed inside [from, to): the ids of the changesets that changed it,
 * oldest first. A bulk load's first version is the stock the period starts from (bulkLoadedIn), not
 * a change, so it is not listed.
 */
export function changesetsInPeriod(db: Db, kind: string, from: number, to: number): Map<number, number[]> {
	return groupByFeature(db.$client.prepare(queries.changesetsInPeriod).all(kind, instantText(from), instantText(to)) as { featureId: number; changesetId: number }[]);
}

/** When the history begins: the time of the first changeset, or null for an empty database. */
export function historyStartsAt(db: Db): string | null {
	return (db.$client.prepare(queries.historyStartsAt).get() as { t: string | null }).t;
}

/** The id of the latest changeset, 0 for an empty database: anything computed from the data is current while it is. */
export function latestChangesetId(db: Db): number {
	return (db.$client.prepare(queries.latestChangesetId).get() as { id: number }).id;
}

/** The reads of the past over one SQLite database (the contract HistoryReads, ../store/types.ts). */
export class SqliteHistoryReads implements HistoryReads {
	constructor(private readonly db: Db) {}
	async featuresAsOf(kind: string, at: number) {
		return featuresAsOf(this.db, kind, at);
	}
	async bulkLoadedIn(kind: string, from: number, to: number) {
		return bulkLoadedIn(this.db, kind, from, to);
	}
	async changesetsInPeriod(kind: string, from: number, to: number) {
		return changesetsInPeriod(this.db, kind, from, to);
	}
	async historyStartsAt() {
		return historyStartsAt(this.db);
	}
}
