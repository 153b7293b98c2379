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

interface VersionRow {
	id: number;
	kind: string;
	version: number;
	geometry: string;
	properties: string;
	changesetId: number;
	recordedAt: string;
}

const toFeatureAt = (r: VersionRow): FeatureAt => ({
	id: r.id,
	kind: r.kind,
	version: r.version,
	geometry: JSON.parse(r.geometry),
	properties: JSON.parse(r.properties),
	changesetId: r.changesetId,
	recordedAt: r.recordedAt
});

/** An instant as the text stored in `created_at`. */
export const instantText = (ms: number): string => new Date(ms).toISOString();

/**
 * All live features of a kind as of `at` (ms), in one query: for each feature the version with the
 * highest number recorded before `at`, kept when it is not a deletion. Ordered by feature id.
 */
export function featuresAsOf(db: Db, kind: string, at: number): FeatureAt[] {
	const rows = db.$client
		.prepare(
			`SELECT v.feature_id AS id, v.kind AS kind, v.version AS version, v.geometry AS geometry, v.properties AS properties,
			        v.changeset_id AS changesetId, v.created_at AS recordedAt
			   FROM feature_versions v
			   JOIN (SELECT feature_id, MAX(version) AS version
			           FROM feature_versions
			          WHERE kind = ? AND created_at < ?
			          GROUP BY feature_id) latest
			     ON latest.feature_id = v.feature_id AND latest.version = v.version
			  WHERE v.deleted_at IS NULL
			  ORDER BY v.feature_id`
		)
		.all(kind, instantText(at)) as VersionRow[];
	return rows.map(toFeatureAt);
}

/**
 * Features of a kind whose first version was written inside [from, to) by a bulk load (the demo
 * seed or an import), keyed by id, with that first version. Reports treat a bulk load as the stock
 * that was already there, not as work done in the period (see report progress).
 */
export function bulkLoadedIn(db: Db, kind: string, from: number, to: number): Map<number, FeatureAt> {
	const rows = db.$client
		.prepare(
			`SELECT v.feature_id AS id, v.kind AS kind, v.version AS version, v.geometry AS geometry, v.properties AS properties,
			        v.changeset_id AS changesetId, v.created_at AS recordedAt
			   FROM feature_versions v
			   JOIN changesets c ON c.id = v.changeset_id
			  WHERE v.kind = ? AND v.version = 1 AND v.created_at >= ? AND v.created_at < ?
			    AND c.source IN ('seed', 'import')
			  ORDER BY v.feature_id`
		)
		.all(kind, instantText(from), instantText(to)) as VersionRow[];
	return new Map(rows.map((r) => [r.id, toFeatureAt(r)]));
}

/**
 * For each feature of a kind changed inside [from, to): the ids of the changesets that changed it,
 * oldest first. A bulk load's first version is the stock the period starts from (bulkLoadedIn), not
 * a change, so it is not listed.
 */
export function changesetsInPeriod(db: Db, kind: string, from: number, to: number): Map<number, number[]> {
	const rows = db.$client
		.prepare(
			`SELECT v.feature_id AS featureId, v.changeset_id AS changesetId
			   FROM feature_versions v
			   JOIN changesets c ON c.id = v.changeset_id
			  WHERE v.kind = ? AND v.created_at >= ? AND v.created_at < ?
			    AND NOT (v.version = 1 AND c.source IN ('seed', 'import'))
			  ORDER BY v.feature_id, v.version`
		)
		.all(kind, instantText(from), instantText(to)) as { featureId: number; changesetId: number }[];
	const byFeature = new Map<number, number[]>();
	for (const r of rows) {
		const list = byFeature.get(r.featureId);
		if (!list) byFeature.set(r.featureId, [r.changesetId]);
		else if (list[list.length - 1] !== r.changesetId) list.push(r.changesetId);
	}
	return byFeature;
}

/** When the history begins: the time of the first changeset, or null for an empty database. */
export function historyStartsAt(db: Db): string | null {
	const row = db.$client.prepare('SELECT MIN(created_at) AS t FROM changesets').get() as { t: string | null };
	return row.t;
}

/** The id of the latest changeset, 0 for an empty database: anything computed from the data is current while it is. */
export function latestChangesetId(db: Db): number {
	return (db.$client.prepare('SELECT coalesce(MAX(id), 0) AS id FROM changesets').get() as { id: number }).id;
}
