/**
 * Writes on SQLite. Every write is one synchronous transaction that records a changeset, bumps each
 * feature's version and appends the new version to `feature_versions`; nothing is ever
 * overwritten or lost. What a changeset does (actions, version checks, field-level merge, undo)
 * is decided by the logic both stores share (../store/changeset-engine.ts); this repository
 * answers its steps with prepared statements inside one IMMEDIATE transaction.
 */
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import type { ChangesetSummary } from '../../domain/api-types';
import type { Db } from '../db';
import { changesets, features, featureVersions, type ChangesetRow, type FeatureRow } from '../db/schema';
import { geometryBbox } from '../../geo/validate-geometry';
import { DEFAULT_RULES } from '../../domain/rules';
import type { EditAction, EditContext } from '../../domain/edits/action';
import { actionApplyChanges } from '../../domain/edits/actions/apply-changes';
import type { Change, ChangeAction } from '../../domain/edits/change';
import type { FeatureState } from '../../domain/edits/feature-state';
import type { ChangesetInput } from './changeset-input';
import type { ChangesetStore, SeedPerform, FeatureVersion } from '../store/types';
import { changesetSteps, revertSteps, runSteps, summariseChangesets, summaryOf, type AppliedChangeset, type RowView, type Step } from '../store/changeset-engine';
import { toStoredFeature } from './stored-feature';
import { prepareWriteStatements, type WriteStatements } from './write-statements';
import { ChangesetNotFoundError, RequestKeyTakenError } from './errors';

export type { ChangesetInput } from './changeset-input';
export type { ChangesetSummary };
export type { AppliedFeature, AppliedChangeset } from '../store/changeset-engine';

/** A changeset asked for and not yet written: it waits for the group commit of this round. */
interface PendingWrite {
	input: ChangesetInput;
	actions: readonly EditAction[];
	rules: EditContext['rules'];
	resolve: (applied: AppliedChangeset) => void;
	reject: (error: unknown) => void;
}

export class ChangesetRepository implements ChangesetStore {
	private readonly clock: () => Date;
	private statements: WriteStatements | undefined;

	constructor(private readonly db: Db, options: { clock?: () => Date } = {}) {
		this.clock = options.clock ?? (() => new Date());
	}

	/** Prepared on first write, so a repository that only reads never prepares them. */
	private get stmt(): WriteStatements {
		return (this.statements ??= prepareWriteStatements(this.db));
	}

	/**
	 * Applies the actions as one changeset, all or nothing. Throws FeatureNotFoundError,
	 * VersionConflictError or EditRefusedError without writing anything.
	 *
	 * Group commit: the changesets asked for while the event loop works through one round of
	 * requests are written in one transaction, each inside a savepoint of its own, and each is
	 * answered only after that transaction committed. A commit (its WAL frames and checkpoints) was
	 * half of a single edit's storage time; edits arriving together now share it. A changeset that
	 * is refused rolls back to its savepoint and leaves the others in the group untouched.
	 */
	perform(input: ChangesetInput, actions: readonly EditAction[], rules: EditContext['rules'] = DEFAULT_RULES): Promise<AppliedChangeset> {
		return new Promise((resolve, reject) => {
			if (this.pending.push({ input, actions, rules, resolve, reject }) === 1) setImmediate(() => this.commitPending());
		});
	}

	private pending: PendingWrite[] = [];

	private commitPending(): void {
		const group = this.pending;
		this.pending = [];
		const client = this.db.$client;
		// Nested inside the group's transaction, better-sqlite3 runs this in a savepoint.
		const oneChangeset = (this.inSavepoint ??= client.transaction((w: PendingWrite) => this.performInTransaction(w.input, w.actions, w.rules)));
		let outcomes: ({ ok: true; value: AppliedChangeset } | { ok: false; error: unknown })[];
		try {
			outcomes = client
				.transaction(() =>
					group.map((w) => {
						try {
							return { ok: true as const, value: oneChangeset(w) };
						} catch (error) {
							// An I/O or full-disk error can make SQLite roll back the whole transaction: then
							// the group's earlier changesets are gone too and none of them may be answered as stored.
							if (!client.inTransaction) throw error;
							return { ok: false as const, error };
						}
					})
				)
				.immediate();
		} catch (error) {
			for (const w of group) w.reject(error);
			return;
		}
		outcomes.forEach((o, i) => (o.ok ? group[i].resolve(o.value) : group[i].reject(o.error)));
	}

	private inSavepoint: ((w: PendingWrite) => AppliedChangeset) | undefined;

	/** `perform`, answered in this call: for code that must not yield between reading and writing (the seed, the import worker). */
	performNow(input: ChangesetInput, actions: readonly EditAction[], rules: EditContext['rules'] = DEFAULT_RULES): AppliedChangeset {
		const run = this.db.$client.transaction(() => this.performInTransaction(input, actions, rules));
		// IMMEDIATE takes the write lock up front so two writers never both read an old version.
		return run.immediate();
	}

	/** Stores changes worked out elsewhere (an import, the seed), each still checked against its version. */
	async apply(input: ChangesetInput, changes: Change[], recorded?: EditAction['recorded']): Promise<AppliedChangeset> {
		return this.applyNow(input, changes, recorded);
	}

	applyNow(input: ChangesetInput, changes: Change[], recorded?: EditAction['recorded']): AppliedChangeset {
		return this.performNow(input, [actionApplyChanges('changes', changes, [], recorded)]);
	}

	/**
	 * One transaction held across `build`'s awaits: safe only while nothing else writes through
	 * this connection (the seed runs before the server takes requests), since a group commit
	 * started meanwhile would land inside it. Each apply runs in a savepoint of it.
	 */
	async seed(build: (perform: SeedPerform) => Promise<void>, { unlessKind }: { unlessKind?: string } = {}): Promise<boolean> {
		const client = this.db.$client;
		client.exec('BEGIN IMMEDIATE');
		try {
			const found = unlessKind
				? client.prepare('SELECT 1 FROM features WHERE kind = ? AND deleted_at IS NULL LIMIT 1').get(unlessKind)
				: client.prepare('SELECT 1 FROM changesets LIMIT 1').get();
			if (found) {
				client.exec('ROLLBACK');
				return false;
			}
			await build(async (input, actions) => this.performNow(input, actions));
			client.exec('COMMIT');
			return true;
		} catch (error) {
			if (client.inTransaction) client.exec('ROLLBACK');
			throw error;
		}
	}

	private performInTransaction(input: ChangesetInput, actions: readonly EditAction[], rules: EditContext['rules']): AppliedChangeset {
		const now = this.clock();
		const at = now.toISOString();
		const cs = this.insertChangeset(input, at);
		const outcome = runSteps(changesetSteps(input, actions, { now, rules }, rowView), (step) => this.answer(step, cs.id, input.author, at));
		const { comment, meta } = outcome;
		if (meta !== (input.meta ?? null) || comment !== cs.comment) this.stmt.describeChangeset.run({ id: cs.id, comment, meta: meta && JSON.stringify(meta) });
		return summaryOf(cs, outcome);
	}

	private insertChangeset(input: ChangesetInput, at: string): ChangesetRow {
		try {
			return this.stmt.insertChangeset.get({
				createdAt: at,
				author: input.author,
				userId: input.userId ?? null,
				comment: input.comment ?? '',
				source: input.source,
				revertOf: input.revertOf ?? null,
				meta: input.meta ? JSON.stringify(input.meta) : null,
				requestKey: input.request?.key ?? null,
				requestDigest: input.request?.digest ?? null
			})!;
		} catch (error) {
			if (input.request && input.userId != null && isUniqueViolationOf(error, 'changesets.user_id, changesets.request_key')) throw new RequestKeyTakenError(input.userId, input.request.key);
			throw error;
		}
	}

	/** One step of the changeset logic (changeset-engine.ts), answered by this transaction's statements. */
	private answer(step: Step<FeatureRow>, changesetId: number, author: string, now: string): unknown {
		switch (step.op) {
			case 'load':
			case 'version':
				return this.read(step);
			case 'create': {
				const { change } = step;
				const geometry = JSON.stringify(change.geometry);
				const properties = JSON.stringify(change.properties);
				const [minX, minY, maxX, maxY] = geometryBbox(change.geometry);
				const row = this.stmt.insertFeature.get({ kind: change.kind, geometry, properties, minX, minY, maxX, maxY, now, author })!;
				this.appendVersion(row.id, 1, changesetId, change.kind, 'create', geometry, properties, null, now);
				return row;
			}
			case 'delete': {
				const { current, version } = step;
				this.stmt.markDeleted.run({ id: current.id, version, now, author });
				this.appendVersion(current.id, version, changesetId, current.kind, 'delete', current.geometry, current.properties, now, now);
				return { ...current, version, updatedAt: now, updatedBy: author, deletedAt: now };
			}
			case 'update': {
				const { current, version } = step;
				// Only what changed is serialised again: a move keeps the stored properties text as it is.
				const geometry = step.geometry ? JSON.stringify(step.geometry) : current.geometry;
				const properties = step.properties ? JSON.stringify(step.properties) : current.properties;
				const [minX, minY, maxX, maxY] = step.geometry ? geometryBbox(step.geometry) : [current.minX, current.minY, current.maxX, current.maxY];
				if (step.geometry || current.deletedAt !== null) this.stmt.updateFeature.run({ id: current.id, geometry, properties, minX, minY, maxX, maxY, version, now, author });
				else this.stmt.updateProperties.run({ id: current.id, properties, version, now, author });
				this.appendVersion(current.id, version, changesetId, current.kind, step.action, geometry, properties, null, now);
				// The row as written, without reading it back.
				return { ...current, geometry, properties, minX, minY, maxX, maxY, version, updatedAt: now, updatedBy: author, deletedAt: null } satisfies FeatureRow;
			}
		}
	}

	/** The steps that only read: a feature (live or deleted) and a stored version. */
	private read(step: Step<FeatureRow>): FeatureRow | FeatureState | undefined {
		if (step.op === 'load') return this.stmt.featureById.get({ id: step.id });
		if (step.op !== 'version') throw new Error(`A read was expected, not a ${step.op}.`);
		const v = this.stmt.versionOf.get({ featureId: step.id, version: step.version });
		return v && versionState(step.id, v);
	}

	private appendVersion(
		featureId: number,
		version: number,
		changesetId: number,
		kind: string,
		action: ChangeAction,
		geometry: string,
		properties: string,
		deletedAt: string | null,
		createdAt: string
	): void {
		this.stmt.insertVersion.run({ featureId, version, changesetId, kind, action, geometry, properties, deletedAt, createdAt });
	}

	/**
	 * Undo: applies the inverse of a changeset as a new changeset. Refused when any of its
	 * features has changed since (their later edits would otherwise be lost).
	 */
	async revert(changesetId: number, input: Omit<ChangesetInput, 'revertOf'>): Promise<AppliedChangeset> {
		const run = this.db.$client.transaction(() => {
			const target = this.stmt.changesetById.get({ id: changesetId });
			if (!target) throw new ChangesetNotFoundError(changesetId);
			const versions = this.stmt.versionsOfChangeset.all({ changesetId });
			const inverse = runSteps(revertSteps(changesetId, versions, (v) => versionState(v.featureId, v), rowView), (step) => this.read(step));
			return this.performInTransaction(
				{ ...input, revertOf: changesetId, comment: input.comment ?? `Undo of changeset ${changesetId}` },
				[actionApplyChanges('changeset.revert', inverse)],
				DEFAULT_RULES
			);
		});
		return run.immediate();
	}

	async get(id: number): Promise<ChangesetSummary | undefined> {
		const row = this.db.select().from(changesets).where(eq(changesets.id, id)).get();
		return row ? this.summarise([row])[0] : undefined;
	}

	async createdAtOf(id: number): Promise<string | undefined> {
		return this.db.select({ createdAt: changesets.createdAt }).from(changesets).where(eq(changesets.id, id)).get()?.createdAt;
	}

	/** Newest first. `before` pages backwards by id. */
	async list(options: { limit: number; before?: number; author?: string; featureId?: number }): Promise<ChangesetSummary[]> {
		const conds = [];
		if (options.before !== undefined) conds.push(lt(changesets.id, options.before));
		if (options.author !== undefined) conds.push(eq(changesets.author, options.author));
		if (options.featureId !== undefined) {
			conds.push(inArray(changesets.id, this.db.select({ id: featureVersions.changesetId }).from(featureVersions).where(eq(featureVersions.featureId, options.featureId))));
		}
		const rows = this.db
			.select()
			.from(changesets)
			.where(conds.length ? and(...conds) : undefined)
			.orderBy(desc(changesets.id))
			.limit(options.limit)
			.all();
		return this.summarise(rows);
	}

	/** Every stored version of a feature, oldest first. */
	async history(featureId: number): Promise<FeatureVersion[]> {
		return this.db
			.select({
				version: featureVersions.version,
				kind: featureVersions.kind,
				action: featureVersions.action,
				changesetId: featureVersions.changesetId,
				createdAt: featureVersions.createdAt,
				author: changesets.author,
				geometry: featureVersions.geometry,
				properties: featureVersions.properties
			})
			.from(featureVersions)
			.innerJoin(changesets, eq(changesets.id, featureVersions.changesetId))
			.where(eq(featureVersions.featureId, featureId))
			.orderBy(featureVersions.version)
			.all()
			.map((v) => ({ ...v, action: v.action as ChangeAction, geometry: JSON.parse(v.geometry) as Geometry, properties: JSON.parse(v.properties) as Record<string, unknown> }));
	}

	async byRequest(userId: number, key: string): Promise<{ changeset: ChangesetSummary; digest: string } | undefined> {
		const row = this.db.select().from(changesets).where(and(eq(changesets.userId, userId), eq(changesets.requestKey, key))).get();
		return row ? { changeset: this.summarise([row])[0], digest: row.requestDigest ?? '' } : undefined;
	}

	private summarise(rows: ChangesetRow[]): ChangesetSummary[] {
		if (rows.length === 0) return [];
		const ids = rows.map((r) => r.id);
		const versions = this.db
			.select({ changesetId: featureVersions.changesetId, featureId: featureVersions.featureId, kind: featureVersions.kind, version: featureVersions.version, action: featureVersions.action })
			.from(featureVersions)
			.where(inArray(featureVersions.changesetId, ids))
			.orderBy(featureVersions.id)
			.all();
		const reverts = this.db
			.select({ id: changesets.id, revertOf: changesets.revertOf })
			.from(changesets)
			.where(inArray(changesets.revertOf, ids))
			.all();
		return summariseChangesets(
			rows.map((r) => ({ ...r, meta: r.meta ? JSON.parse(r.meta) : null })),
			versions,
			reverts
		);
	}

	async latestId(): Promise<number> {
		return this.stmt.latestChangesetId.get()!.id;
	}

	/** The number of live features; used by tests and health checks. */
	liveFeatureCount(): number {
		return this.db.select({ n: sql<number>`count(*)` }).from(features).where(isNull(features.deletedAt)).get()!.n;
	}
}

const rowView: RowView<FeatureRow> = { state: stateOf, stored: toStoredFeature };

/** better-sqlite3's error for a UNIQUE index over these columns (SQLite names them in its message). */
function isUniqueViolationOf(error: unknown, columns: string): boolean {
	return (error as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes(columns);
}

function stateOf(row: FeatureRow): FeatureState {
	return { id: row.id, kind: row.kind, version: row.version, geometry: JSON.parse(row.geometry), properties: JSON.parse(row.properties), deleted: row.deletedAt !== null };
}

function versionState(featureId: number, v: { kind: string; version: number; geometry: string; properties: string; deletedAt: string | null }): FeatureState {
	return { id: featureId, kind: v.kind, version: v.version, geometry: JSON.parse(v.geometry), properties: JSON.parse(v.properties), deleted: v.deletedAt !== null };
}
