/**
 * Writes on PostgreSQL, with the contracts of the SQLite store's ChangesetRepository
 * (../../repositories/changesets.ts): what a changeset does is decided by the logic both stores
 * share (../changeset-engine.ts); this store answers its steps inside one transaction.
 *
 * Concurrency: READ COMMITTED with row locks. Each feature a changeset reads is read with
 * `SELECT … FOR UPDATE`, so a second writer of the same feature waits for the first to commit and
 * then reads the version it left: its change is merged field by field on that version or refused
 * with VersionConflictError, as on SQLite, and it never has to be run again. SERIALIZABLE without
 * the locks was the alternative: both writers read the old version, one of them fails with a
 * serialization error at its write or commit and must be run again from the start, which for a
 * race on one feature is the same result after more work (a wasted transaction per lost race, and
 * predicate locks on every read). Measured on a 2-core machine shared with other work (load 5–7),
 * PostgreSQL 15 on the same machine, 8 writers each storing 150 one-field updates on the version
 * they just read; two pairs of runs, each pair one after the other at the same load:
 *   on 400 different features: row locks 212 and 441 writes/s (p99 106 and 39 ms), SERIALIZABLE
 *   241 and 421 (p99 129 and 51 ms): the same, within the noise;
 *   on 8 features shared by all: row locks 310 and 517 writes/s (p99 98 and 31 ms), every write
 *   stored; SERIALIZABLE 126 and 376 writes/s (p99 361 and 179 ms), with 144 and 53 of the 1,200
 *   writes still failing after 5 runs.
 * The features a changeset is known to write (its actions' reads, the changes given to apply, the
 * features of a changeset undone) are locked first, in id order, so two changesets over the same
 * features cannot deadlock. One that still does (its changes named features beyond its reads) is
 * ended by PostgreSQL (40P01) and run again from the start, as a serialization failure (40001)
 * would be.
 *
 * The changeset row and the versions are written last, under a transaction-scoped advisory lock
 * held to the commit: changeset ids are taken in commit order, so once latestId() has answered n,
 * no changeset below n can still appear (what a cache keyed on it relies on). Only that tail is
 * serialised; the reads and feature writes of different features run side by side.
 */
import type pg from 'pg';
import type { Geometry } from 'geojson';
import type { ChangesetSummary } from '../../../domain/api-types';
import type { EditAction, EditContext } from '../../../domain/edits/action';
import { actionApplyChanges } from '../../../domain/edits/actions/apply-changes';
import type { Change, ChangeAction } from '../../../domain/edits/change';
import type { FeatureState } from '../../../domain/edits/feature-state';
import { DEFAULT_RULES } from '../../../domain/rules';
import { geometryBbox } from '../../../geo/validate-geometry';
import type { PgDb } from '../../db/postgres';
import type { ChangesetInput } from '../../repositories/changeset-input';
import { ChangesetNotFoundError, RequestKeyTakenError } from '../../repositories/errors';
import { refusingConstraints } from '../../db/postgres/errors';
import { changesetSteps, revertSteps, runStepsAsync, summariseChangesets, summaryOf, type AppliedChangeset, type ChangesetOutcome, type ChangesetRecord, type Step } from '../changeset-engine';
import type { ChangesetStore, FeatureVersion, SeedPerform } from '../types';
import { latestChangesetId } from './history-at';
import { FEATURE_COLUMNS, geoJson, pgRowView, type PgFeatureRow } from './rows';

/** The advisory lock the tail of every write (changeset id, versions, commit) holds. */
const CHANGESET_ID_LOCK = 0x5a41_4353; // "ZACS"
/** The seed of a new database takes this lock, so that two servers starting at once seed it once. */
const SEED_LOCK = 0x5a41_5344; // "ZASD"
/** Runs of one changeset after a deadlock or a serialization failure, the first included. */
const MAX_ATTEMPTS = 5;
const RETRYABLE = new Set(['40001', '40P01']);

interface VersionRow {
	feature_id: number;
	version: number;
	kind: string;
	action: ChangeAction;
	geometry: Geometry;
	properties: Record<string, unknown>;
	deleted_at: string | null;
	created_at: string;
}

const VERSION_COLUMNS = `feature_id, version, kind, action, ${geoJson('geometry')} AS geometry, properties, deleted_at, created_at`;

const versionState = (v: Pick<VersionRow, 'feature_id' | 'kind' | 'version' | 'geometry' | 'properties' | 'deleted_at'>): FeatureState => ({
	id: v.feature_id,
	kind: v.kind,
	version: v.version,
	geometry: v.geometry,
	properties: v.properties,
	deleted: v.deleted_at !== null
});

const CHANGESET_COLUMNS = 'id, created_at AS "createdAt", author, comment, source, revert_of AS "revertOf", meta';

/** One run of a write transaction: its connection, its time, and the versions it will record. */
class WriteTransaction {
	/** Versions written, in change order, recorded with the changeset at the end. */
	readonly versions: Omit<VersionRow, 'created_at'>[] = [];

	constructor(
		readonly client: pg.PoolClient,
		readonly now: string,
		readonly author: string
	) {}

	async answer(step: Step<PgFeatureRow>): Promise<unknown> {
		const { client, now, author } = this;
		switch (step.op) {
			case 'load': {
				const { rows } = await client.query<PgFeatureRow>({ name: 'write.load', text: `SELECT ${FEATURE_COLUMNS} FROM features WHERE id = $1 FOR UPDATE`, values: [step.id] });
				return rows[0];
			}
			case 'version': {
				// A version this changeset wrote itself is not in the table yet.
				const own = this.versions.find((v) => v.feature_id === step.id && v.version === step.version);
				if (own) return versionState(own);
				const { rows } = await client.query<VersionRow>({
					name: 'write.version',
					text: `SELECT ${VERSION_COLUMNS} FROM feature_versions WHERE feature_id = $1 AND version = $2`,
					values: [step.id, step.version]
				});
				return rows[0] && versionState(rows[0]);
			}
			case 'create': {
				const { change } = step;
				const [minX, minY, maxX, maxY] = geometryBbox(change.geometry);
				const { rows } = await client.query<PgFeatureRow>({
					name: 'write.create',
					text: `INSERT INTO features (kind, geometry, properties, min_x, min_y, max_x, max_y, version, created_at, created_by, updated_at, updated_by)
						VALUES ($1, ST_GeomFromGeoJSON($2::text), $3::jsonb, $4, $5, $6, $7, 1, $8, $9, $8, $9) RETURNING ${FEATURE_COLUMNS}`,
					values: [change.kind, JSON.stringify(change.geometry), JSON.stringify(change.properties), minX, minY, maxX, maxY, now, author]
				});
				this.record(rows[0], 'create', null);
				return rows[0];
			}
			case 'delete': {
				const { current, version } = step;
				await client.query({
					name: 'write.delete',
					text: 'UPDATE features SET version = $2, updated_at = $3, updated_by = $4, deleted_at = $3 WHERE id = $1',
					values: [current.id, version, now, author]
				});
				const row = { ...current, version, updatedAt: now, updatedBy: author, deletedAt: now };
				this.record(row, 'delete', now);
				return row;
			}
			case 'update': {
				const { current, version } = step;
				const [minX, minY, maxX, maxY] = step.geometry ? geometryBbox(step.geometry) : [current.minX, current.minY, current.maxX, current.maxY];
				// Only what changed is sent: a move keeps the stored properties as they are.
				const { rows } = await client.query<PgFeatureRow>({
					name: 'write.update',
					text: `UPDATE features SET geometry = coalesce(ST_GeomFromGeoJSON($2::text), geometry), properties = coalesce($3::jsonb, properties),
						min_x = $4, min_y = $5, max_x = $6, max_y = $7, version = $8, updated_at = $9, updated_by = $10, deleted_at = NULL
						WHERE id = $1 RETURNING ${FEATURE_COLUMNS}`,
					values: [
						current.id,
						step.geometry ? JSON.stringify(step.geometry) : null,
						step.properties ? JSON.stringify(step.properties) : null,
						minX,
						minY,
						maxX,
						maxY,
						version,
						now,
						author
					]
				});
				this.record(rows[0], step.action, null);
				return rows[0];
			}
		}
	}

	/** Locks these features (those that exist) in id order. */
	async lock(ids: number[]): Promise<void> {
		if (ids.length === 0) return;
		await this.client.query({ name: 'write.lock', text: 'SELECT id FROM features WHERE id = ANY($1::integer[]) ORDER BY id FOR UPDATE', values: [ids] });
	}

	private record(row: PgFeatureRow, action: ChangeAction, deletedAt: string | null): void {
		this.versions.push({ feature_id: row.id, version: row.version, kind: row.kind, action, geometry: row.geometry, properties: row.properties, deleted_at: deletedAt });
	}

	/** The changeset row and its versions, in commit order of changeset ids (see the top of this file). */
	async finish(input: ChangesetInput, outcome: ChangesetOutcome): Promise<AppliedChangeset> {
		const { client, now } = this;
		await client.query({ name: 'write.idLock', text: 'SELECT pg_advisory_xact_lock($1)', values: [CHANGESET_ID_LOCK] });
		const { request, userId } = input;
		const { rows } = await refusingConstraints(
			client.query<ChangesetRecord>({
				name: 'write.changeset',
				text: `INSERT INTO changesets (created_at, author, user_id, comment, source, revert_of, meta, request_key, request_digest)
					VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) RETURNING ${CHANGESET_COLUMNS}`,
				values: [now, input.author, userId ?? null, outcome.comment, input.source, input.revertOf ?? null, outcome.meta && JSON.stringify(outcome.meta), request?.key ?? null, request?.digest ?? null]
			}),
			// The only unique index of the table besides its key.
			{ unique: () => new RequestKeyTakenError(userId ?? 0, request?.key ?? '') }
		);
		const cs = rows[0];
		if (this.versions.length > 0) {
			await client.query({
				name: 'write.versions',
				text: `INSERT INTO feature_versions (feature_id, version, changeset_id, kind, action, geometry, properties, deleted_at, created_at)
					SELECT v.feature_id, v.version, $1, v.kind, v.action, ST_GeomFromGeoJSON(v.geometry), v.properties, v.deleted_at, $2
					FROM jsonb_to_recordset($3::jsonb) AS v(n integer, feature_id integer, version integer, kind text, action text, geometry jsonb, properties jsonb, deleted_at text)
					ORDER BY v.n`,
				// In change order: the versions' ids order a changeset's features.
				values: [cs.id, now, JSON.stringify(this.versions.map((v, n) => ({ n, ...v })))]
			});
		}
		return summaryOf(cs, outcome);
	}
}

export class PgChangesetRepository implements ChangesetStore {
	private readonly pool: pg.Pool;
	private readonly clock: () => Date;

	constructor(
		private readonly db: PgDb,
		options: { clock?: () => Date } = {}
	) {
		this.pool = db.$client;
		this.clock = options.clock ?? (() => new Date());
	}

	/** One transaction, run again from the start after a deadlock or a serialization failure. */
	private async write<T>(work: (tx: WriteTransaction, now: Date) => Promise<T>, author: string): Promise<T> {
		for (let attempt = 1; ; attempt++) {
			const client = await this.pool.connect();
			let broken = false;
			try {
				await client.query('BEGIN');
				const now = this.clock();
				const result = await work(new WriteTransaction(client, now.toISOString(), author), now);
				await client.query('COMMIT');
				return result;
			} catch (error) {
				await client.query('ROLLBACK').catch(() => (broken = true));
				if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
			} finally {
				client.release(broken);
			}
			// Apart, so that the transactions that collided do not collide again at once.
			await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
		}
	}

	async perform(input: ChangesetInput, actions: readonly EditAction[], rules: EditContext['rules'] = DEFAULT_RULES): Promise<AppliedChangeset> {
		return this.performLocking(input, actions, rules, actions.flatMap((a) => a.reads.map((r) => r.id)));
	}

	/**
	 * `lockFirst`: the features known to be written, locked in id order before anything else, so
	 * that two changesets over the same features take their locks in the same order and cannot
	 * deadlock. Features found later (what an action's changes name beyond its reads) are locked as
	 * they are read.
	 */
	private async performLocking(input: ChangesetInput, actions: readonly EditAction[], rules: EditContext['rules'], lockFirst: number[]): Promise<AppliedChangeset> {
		return this.write(async (tx, now) => {
			await tx.lock(lockFirst);
			return tx.finish(input, await runStepsAsync(changesetSteps(input, actions, { now, rules }, pgRowView), (s) => tx.answer(s)));
		}, input.author);
	}

	async apply(input: ChangesetInput, changes: Change[], recorded?: EditAction['recorded']): Promise<AppliedChangeset> {
		return this.performLocking(input, [actionApplyChanges('changes', changes, [], recorded)], DEFAULT_RULES, changes.flatMap((c) => (c.op === 'create' ? [] : [c.id])));
	}

	async seed(build: (perform: SeedPerform) => Promise<void>, { unlessKind }: { unlessKind?: string } = {}): Promise<boolean> {
		return this.write(async (tx) => {
			// Held to the commit: a second server starting on the same new database waits here,
			// however long the first one's seed takes, then finds what this one stored.
			await tx.client.query('SET LOCAL lock_timeout = 0');
			await tx.client.query({ name: 'seed.lock', text: 'SELECT pg_advisory_xact_lock($1)', values: [SEED_LOCK] });
			const found = unlessKind
				? await tx.client.query('SELECT 1 FROM features WHERE kind = $1 AND deleted_at IS NULL LIMIT 1', [unlessKind])
				: await tx.client.query('SELECT 1 FROM changesets LIMIT 1');
			if (found.rowCount) return false;
			await build(async (input, actions) => {
				// Each changeset is stamped with the time of its own step (the clock the seed moves).
				const now = this.clock();
				const step = new WriteTransaction(tx.client, now.toISOString(), input.author);
				await step.lock(actions.flatMap((a) => a.reads.map((r) => r.id)));
				return step.finish(input, await runStepsAsync(changesetSteps(input, actions, { now, rules: DEFAULT_RULES }, pgRowView), (s) => step.answer(s)));
			});
			return true;
		}, 'seed');
	}

	async revert(changesetId: number, input: Omit<ChangesetInput, 'revertOf'>): Promise<AppliedChangeset> {
		return this.write(async (tx, now) => {
			const target = await tx.client.query({ name: 'revert.target', text: 'SELECT 1 FROM changesets WHERE id = $1', values: [changesetId] });
			if (target.rowCount === 0) throw new ChangesetNotFoundError(changesetId);
			const { rows: versions } = await tx.client.query<VersionRow>({
				name: 'revert.versions',
				text: `SELECT ${VERSION_COLUMNS} FROM feature_versions WHERE changeset_id = $1 ORDER BY id`,
				values: [changesetId]
			});
			await tx.lock(versions.map((v) => v.feature_id));
			const inverse = await runStepsAsync(
				revertSteps(changesetId, versions.map((v) => ({ ...v, featureId: v.feature_id })), versionState, pgRowView),
				(s) => tx.answer(s)
			);
			const undo: ChangesetInput = { ...input, revertOf: changesetId, comment: input.comment ?? `Undo of changeset ${changesetId}` };
			return tx.finish(undo, await runStepsAsync(changesetSteps(undo, [actionApplyChanges('changeset.revert', inverse)], { now, rules: DEFAULT_RULES }, pgRowView), (s) => tx.answer(s)));
		}, input.author);
	}

	async get(id: number): Promise<ChangesetSummary | undefined> {
		const { rows } = await this.pool.query<ChangesetRecord>({ name: 'changesets.get', text: `SELECT ${CHANGESET_COLUMNS} FROM changesets WHERE id = $1`, values: [id] });
		return rows.length ? (await this.summarise(rows))[0] : undefined;
	}

	async createdAtOf(id: number): Promise<string | undefined> {
		const { rows } = await this.pool.query<{ created_at: string }>({ name: 'changesets.createdAtOf', text: 'SELECT created_at FROM changesets WHERE id = $1', values: [id] });
		return rows[0]?.created_at;
	}

	async list(options: { limit: number; before?: number; author?: string; featureId?: number }): Promise<ChangesetSummary[]> {
		const values: unknown[] = [];
		const param = (value: unknown) => `$${values.push(value)}`;
		const conds: string[] = [];
		if (options.before !== undefined) conds.push(`id < ${param(options.before)}`);
		if (options.author !== undefined) conds.push(`author = ${param(options.author)}`);
		if (options.featureId !== undefined) conds.push(`id IN (SELECT changeset_id FROM feature_versions WHERE feature_id = ${param(options.featureId)})`);
		const { rows } = await this.pool.query<ChangesetRecord>(
			`SELECT ${CHANGESET_COLUMNS} FROM changesets ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${param(options.limit)}`,
			values
		);
		return this.summarise(rows);
	}

	async history(featureId: number): Promise<FeatureVersion[]> {
		const { rows } = await this.pool.query<FeatureVersion>({
			name: 'changesets.history',
			text: `SELECT v.version, v.kind, v.action, v.changeset_id AS "changesetId", v.created_at AS "createdAt", c.author,
					${geoJson('v.geometry')} AS geometry, v.properties
				FROM feature_versions v JOIN changesets c ON c.id = v.changeset_id
				WHERE v.feature_id = $1 ORDER BY v.version`,
			values: [featureId]
		});
		return rows;
	}

	async byRequest(userId: number, key: string): Promise<{ changeset: ChangesetSummary; digest: string } | undefined> {
		const { rows } = await this.pool.query<ChangesetRecord & { digest: string | null }>({
			name: 'changesets.byRequest',
			text: `SELECT ${CHANGESET_COLUMNS}, request_digest AS digest FROM changesets WHERE user_id = $1 AND request_key = $2`,
			values: [userId, key]
		});
		if (rows.length === 0) return undefined;
		const { digest, ...row } = rows[0];
		return { changeset: (await this.summarise([row]))[0], digest: digest ?? '' };
	}

	private async summarise(rows: ChangesetRecord[]): Promise<ChangesetSummary[]> {
		if (rows.length === 0) return [];
		const ids = rows.map((r) => r.id);
		const [versions, reverts] = await Promise.all([
			this.pool.query<{ changesetId: number; featureId: number; kind: string; version: number; action: ChangeAction }>({
				name: 'changesets.versions',
				text: 'SELECT changeset_id AS "changesetId", feature_id AS "featureId", kind, version, action FROM feature_versions WHERE changeset_id = ANY($1::integer[]) ORDER BY id',
				values: [ids]
			}),
			this.pool.query<{ id: number; revertOf: number }>({
				name: 'changesets.reverts',
				text: 'SELECT id, revert_of AS "revertOf" FROM changesets WHERE revert_of = ANY($1::integer[]) ORDER BY id',
				values: [ids]
			})
		]);
		return summariseChangesets(rows, versions.rows, reverts.rows);
	}

	async latestId(): Promise<number> {
		return latestChangesetId(this.db);
	}
}
